/* inspection.c — inspection applications: kinds and reasons, the guards, the applicant's
 * side (create, save, submit, withdraw, delete) and reading. The agency's side is in
 * inspection_agency.c. */
#include "inspection.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "db.h"
#include "fee.h"
#include "inspection_internal.h"
#include "outbox.h"
#include "upload.h"
#include "validate.h"
#include "workflow.h"

static const struct {
    const char *kind, *label;
} KINDS[] = {
    {"periodic", "定期检验（在用）"},
    {"installation", "安装监检"},
    {"modification", "改造大修监检"},
};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])

const struct insp_reason INSP_RETURN_REASONS[] = {
    {"commitment_missing", "承诺书未上传，或未签字盖章"},
    {"commitment_mismatch", "承诺书内容与报检设备不符"},
    {"device_data", "设备信息有误（注册代码、使用地点等与登记不符）"},
    {"maint_info", "维保单位或维保人员信息缺失、有误"},
    {"contact", "检验联系人或联系电话无法联系"},
    {"site_not_ready", "检验现场不具备检验条件"},
    {"not_due", "设备未到定期检验周期，或已重复报检"},
    {"arrears", "存在未缴清的检验费用"},
    {"other", "其他（见说明）"},
    {NULL, NULL},
};

static int blank(const char *s) { return !s || !*s; }

const char *insp_kind_label(const char *kind)
{
    for (size_t i = 0; kind && i < NKINDS; i++)
        if (!strcmp(KINDS[i].kind, kind))
            return KINDS[i].label;
    return "";
}

int insp_kind_valid(const char *kind) { return *insp_kind_label(kind) != '\0'; }

int insp_allowed_kinds(const struct user *u, const char *out[3])
{
    int n = 0;

    if (!auth_can(u, "inspection.apply"))
        return 0;
    for (size_t i = 0; i < NKINDS; i++) {
        /* A sub-account's task types are stored as "{periodic,installation}". */
        if (u->roles & ROLE_ENT_SUB) {
            const char *s = u->task_types, *k = KINDS[i].kind;
            size_t len = strlen(k);
            int found = 0;
            for (const char *at = strstr(s, k); at && !found; at = strstr(at + 1, k))
                found = at > s && (at[-1] == '{' || at[-1] == ',') && (at[len] == ',' || at[len] == '}');
            if (!found)
                continue;
        }
        out[n++] = KINDS[i].kind;
    }
    return n;
}

const char *insp_conclusion_label(const char *c)
{
    if (!c)
        return "";
    return !strcmp(c, "qualified") ? "合格" : !strcmp(c, "unqualified") ? "不合格" : !strcmp(c, "requalified") ? "复检合格" : "";
}

const char *insp_reason_label(const char *code)
{
    for (int i = 0; code && INSP_RETURN_REASONS[i].code; i++)
        if (!strcmp(INSP_RETURN_REASONS[i].code, code))
            return INSP_RETURN_REASONS[i].label;
    return NULL;
}

/* ---- guards ---------------------------------------------------------------------- */

/* A mainland mobile number, or a landline such as 022-23456789 or 02223456789-801. */
static int phone_ok(const char *s)
{
    const char *msg;
    int digits = 0;

    if (blank(s))
        return 0;
    if (v_mobile(s, NULL, &msg) == V_OK)
        return 1;
    if (s[0] != '0')
        return 0;
    for (const char *c = s; *c; c++) {
        if (isdigit((unsigned char)*c))
            digits++;
        else if (*c != '-' || c[1] == '-' || c[1] == '\0')
            return 0;
    }
    return digits >= 10 && digits <= 18;
}

int insp_check_submit(const struct insp_facts *f, struct insp_errors *e)
{
    int n = 0;

    if (blank(f->contact))
        e->contact = "请填写检验联系人。", n++;
    if (blank(f->phone))
        e->phone = "请填写检验联系电话。", n++;
    else if (!phone_ok(f->phone))
        e->phone = "联系电话应为 11 位手机号码，或带区号的固定电话（如 022-23456789）。", n++;
    if (blank(f->address))
        e->address = "请填写检验联系地址。", n++;
    if (f->nitems <= 0)
        e->items = "请至少选择一台报检设备。", n++;
    else if (f->items_not_allowed > 0)
        e->items = "部分设备已不在您可报检的范围内（设备或业务类型未分配给本账号），请移除后再提交。", n++;
    else if (f->busy) {
        snprintf(e->buf, sizeof e->buf, "设备 %s 已在报检申请 %s 中办理，不能重复报检，请移除后再提交。", f->busy,
                 f->busy_serial ? f->busy_serial : "");
        e->items = e->buf, n++;
    } else if (f->items_missing_maint > 0)
        e->items = "请为每台设备填写维保单位和维保人员。", n++;
    if (f->kind && !strcmp(f->kind, "periodic") && !f->has_commitment)
        e->commitment = "定期检验须上传签字盖章的承诺书（PDF、JPG 或 PNG）。", n++;
    if (!f->safety_accepted)
        e->safety = "请完整阅读《检验现场环境安全确认书》并勾选同意。", n++;
    return n;
}

int insp_check_result(struct insp_result *r, const char *today)
{
    const char *msg;
    int unq;

    r->error = NULL;
    if (blank(r->conclusion) || !*insp_conclusion_label(r->conclusion))
        return r->error = "请选择检验结论。", -1;
    unq = !strcmp(r->conclusion, "unqualified");
    if (blank(r->inspection_date) || v_date(r->inspection_date, NULL, NULL, NULL, &msg) != V_OK)
        return r->error = "请填写检验日期（年-月-日）。", -1;
    if (today && strcmp(r->inspection_date, today) > 0)
        return r->error = "检验日期不能晚于今天。", -1;
    if (blank(r->next_date)) {
        if (!unq)
            return r->error = "请填写下次检验日期。", -1;
    } else if (v_date(r->next_date, NULL, NULL, NULL, &msg) != V_OK)
        return r->error = "下次检验日期应为年-月-日。", -1;
    else if (strcmp(r->next_date, r->inspection_date) <= 0)
        return r->error = "下次检验日期应晚于检验日期。", -1;
    if (blank(r->fee) || fee_parse(r->fee, &r->fee_fen))
        return r->error = "请填写检验费用（元，最多两位小数）。", -1;
    if (r->report_no && strlen(r->report_no) > 40)
        return r->error = "报告编号不能超过 40 个字符。", -1;
    if (unq) {
        int lines = 0;
        for (const char *p = r->problems ? r->problems : ""; *p;) {
            size_t n = strcspn(p, "\r\n"), k = n;
            while (k && (p[k - 1] == ' ' || p[k - 1] == '\t'))
                k--;
            if (k > 200)
                return r->error = "每条不合格项不能超过 200 字节（约 66 个汉字），请拆成多条。", -1;
            lines += k > 0 && strspn(p, " \t") < k;
            p += n;
            p += strspn(p, "\r\n");
        }
        if (lines == 0)
            return r->error = "结论为不合格时，请逐条填写不合格项（每行一项）。", -1;
        if (lines > 20)
            return r->error = "不合格项最多 20 条。", -1;
        if (!blank(r->deadline) && (v_date(r->deadline, NULL, NULL, NULL, &msg) != V_OK ||
                                    strcmp(r->deadline, r->inspection_date) <= 0))
            return r->error = "整改期限应为检验日期之后的日期（年-月-日）。", -1;
    }
    return 0;
}

/* ---- scope and moves ------------------------------------------------------------- */

const char *insp_sql(const char *const table[INSP_NBY], const struct user *u, enum insp_scope scope)
{
    if (scope == INSP_AGENCY)
        return table[INSP_BY_AGENCY];
    return table[(u->roles & ROLE_ENT_MAIN) ? INSP_BY_ORG : INSP_BY_APPLICANT];
}

void insp_who(const struct user *u, struct insp_who *w)
{
    snprintf(w->org, sizeof w->org, "%ld", u->org_id);
    snprintf(w->acc, sizeof w->acc, "%ld", u->id);
    w->v[0] = u->org_id > 0 ? w->org : NULL;
    w->v[1] = w->acc;
}

#define MOVE_STATE_SQL(scope)                                                                      \
    INSP_WITH "SELECT a.state FROM p, inspection_application a WHERE a.id = $3::bigint AND " scope
static const char *const MOVE_STATE[INSP_NBY] = INSP_SCOPED(MOVE_STATE_SQL);
#define MOVE_PLAIN_SQL(scope) INSP_UPDATE("", scope)
static const char *const MOVE_PLAIN[INSP_NBY] = INSP_SCOPED(MOVE_PLAIN_SQL);
/* $5 (the new state, "deleted") is named so that every parameter has a type. */
#define MOVE_DELETE_SQL(scope)                                                                               \
    INSP_WITH "DELETE FROM inspection_application a USING p WHERE a.id = $3::bigint AND a.version = $4::int" \
              " AND a.state = $6 AND " scope " RETURNING a.applicant_id, a.serial_no, a.kind, $5::text"
static const char *const MOVE_DELETE[INSP_NBY] = INSP_ENTERPRISE_SCOPED(MOVE_DELETE_SQL);

int insp_move_run(const struct insp_move *m, PGresult **returned)
{
    const struct wf_transition *t;
    struct insp_who w;
    char id[24], ver[16], state[16];
    const char *v[16], *sql;
    int found, moved;

    if (returned)
        *returned = NULL;
    if (m->nextra > 10)
        return INSP_ERROR;
    insp_who(m->u, &w);
    snprintf(id, sizeof id, "%ld", m->id);
    snprintf(ver, sizeof ver, "%d", m->version);
    const char *sv[3] = {w.v[0], w.v[1], id};
    found = db_text(insp_sql(MOVE_STATE, m->u, m->scope), 3, sv, state, sizeof state);
    if (found <= 0)
        return found < 0 ? INSP_ERROR : INSP_NOT_FOUND;
    t = workflow_find(&WF_INSPECTION, state, m->event);
    if (!t)
        return INSP_STALE;
    sql = insp_sql(!strcmp(t->event, "delete") ? MOVE_DELETE : m->update ? m->update : MOVE_PLAIN, m->u, m->scope);
    if (!sql)
        return INSP_ERROR;
    v[0] = w.v[0];
    v[1] = w.v[1];
    v[2] = id;
    v[3] = ver;
    v[4] = t->to;
    v[5] = t->from;
    for (int i = 0; i < m->nextra; i++)
        v[6 + i] = m->extra[i];
    struct wf_move wm = {&WF_INSPECTION, t, m->id, m->u, m->reason, m->ip};
    moved = workflow_run(&wm, sql, 6 + m->nextra, v, returned);
    return moved == 1 ? INSP_DONE : moved == 0 ? INSP_STALE : INSP_ERROR;
}

int insp_notify(const char *applicant_id, const char *text)
{
    char mobile[16];
    const char *v[1] = {applicant_id};
    int found = db_text("SELECT mobile FROM account WHERE id = $1::bigint AND mobile IS NOT NULL", 1, v, mobile,
                        sizeof mobile);
    if (found <= 0)
        return found;
    return outbox_add("sms", mobile, text);
}

/* ---- the enterprise -------------------------------------------------------------- */

/* The devices user u may apply for with kind, as a condition on equipment e with the CTE
 * q (org, acc, kind): a main account its unit's (as use unit, or as construction unit for
 * supervision), a sub-account its assigned devices and task types, a non-certified
 * account any device it found by exact code. Periodic inspection needs a device in
 * use; supervision one in use or stopped. */
#define ALLOWED_STATE "(e.state = 'in_use' OR (q.kind <> 'periodic' AND e.state = 'stopped'))"
#define ALLOWED_IF_MAIN                                                                                          \
    "(" ALLOWED_STATE " AND (e.use_org_id = q.org OR (q.kind <> 'periodic' AND e.construction_org_id = q.org)))"
#define ALLOWED_IF_SUB                                                                                     \
    "(" ALLOWED_STATE " AND e.id IN (SELECT equipment_id FROM account_equipment WHERE account_id = q.acc)" \
    " AND q.org IN (e.use_org_id, e.construction_org_id)"                                                  \
    " AND q.kind = ANY (SELECT unnest(coalesce(x.task_types, '{}')) FROM account x WHERE x.id = q.acc))"
#define ALLOWED_IF_OTHER ALLOWED_STATE
enum allowed_by { ALLOWED_MAIN, ALLOWED_SUB, ALLOWED_OTHER, NALLOWED };
/* A statement per kind of account, SQL naming a macro of the condition. */
#define ALLOWED_BY(SQL)                                                                                                   \
    {[ALLOWED_MAIN] = SQL(ALLOWED_IF_MAIN), [ALLOWED_SUB] = SQL(ALLOWED_IF_SUB), [ALLOWED_OTHER] = SQL(ALLOWED_IF_OTHER)}

/* The statement of table for u. */
static const char *allowed_sql(const char *const table[NALLOWED], const struct user *u)
{
    return table[(u->roles & ROLE_ENT_MAIN) ? ALLOWED_MAIN : (u->roles & ROLE_ENT_SUB) ? ALLOWED_SUB : ALLOWED_OTHER];
}
#define ALLOWED_WITH "WITH q AS (SELECT $1::bigint AS org, $2::bigint AS acc, $3::text AS kind) "

/* Stores the reference estimate of each item of app (text id) that has none. */
static int estimate_items(const char *app, const char *kind)
{
    const char *v[1] = {app};
    PGresult *res = db_exec("SELECT id, equipment_id FROM application_item WHERE application_id = $1::bigint"
                            " AND fee_estimate_fen IS NULL ORDER BY id",
                            1, v);
    int rc = -1;

    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++) {
        struct fee_estimate est;
        char fen[24];
        int found = fee_estimate_device(atol(PQgetvalue(res, i, 1)), kind, &est);
        if (found < 0)
            goto out;
        if (found == 0)
            continue;
        snprintf(fen, sizeof fen, "%ld", est.total_fen);
        const char *uv[2] = {PQgetvalue(res, i, 0), fen};
        if (db_command("UPDATE application_item SET fee_estimate_fen = $2::bigint WHERE id = $1::bigint", 2, uv))
            goto out;
    }
    rc = 0;
out:
    PQclear(res);
    return rc;
}

#define ADD_ITEMS_SQL(allowed)                                                             \
    ALLOWED_WITH "INSERT INTO application_item (application_id, equipment_id, maint_unit)" \
                 " SELECT $4::bigint, e.id, coalesce(m.name, '') FROM q, equipment e"      \
                 " LEFT JOIN org m ON m.id = e.maintenance_org_id"                         \
                 " JOIN inspection_application a ON a.id = $4::bigint"                     \
                 " WHERE e.id = ANY ($5::bigint[]) AND " allowed                           \
                 " AND left(e.district, 4) = left(a.district, 4)"                          \
                 " ORDER BY e.id" /* items in the devices' order, whatever the plan */     \
                 " ON CONFLICT (application_id, equipment_id) DO NOTHING"
static const char *const ADD_ITEMS[NALLOWED] = ALLOWED_BY(ADD_ITEMS_SQL);

/* Adds the devices (a PostgreSQL array literal of ids) u may apply for to application
 * app in one city; returns how many were added, -1 on error. */
static int add_items(const struct user *u, const char *app, const char *kind, const char *ids)
{
    struct insp_who w;
    PGresult *res;
    int n;

    insp_who(u, &w);
    const char *v[5] = {w.v[0], w.v[1], kind, app, ids};
    res = db_exec(allowed_sql(ADD_ITEMS, u), 5, v);
    if (!res)
        return -1;
    n = atoi(PQcmdTuples(res));
    PQclear(res);
    return n;
}

/* The chosen devices ($4, in order): how many u may apply for, in how many cities, and
 * the first one's district and address. */
#define CREATE_CHECK_SQL(allowed)                                                                                \
    ALLOWED_WITH "SELECT count(*) FILTER (WHERE ok), count(DISTINCT left(district, 4)) FILTER (WHERE ok),"       \
                 " (array_agg(district ORDER BY pos) FILTER (WHERE ok))[1],"                                     \
                 " (array_agg(address ORDER BY pos) FILTER (WHERE ok))[1]"                                       \
                 " FROM (SELECT e.district, coalesce(e.address, '') AS address, x.pos, " allowed " AS ok"        \
                 "  FROM q, unnest($4::bigint[]) WITH ORDINALITY x (id, pos) JOIN equipment e ON e.id = x.id) d"
static const char *const CREATE_CHECK[NALLOWED] = ALLOWED_BY(CREATE_CHECK_SQL);

int insp_create(const struct user *u, const char *kind, const long *eids, int n, const char *ip, long *app_id,
                struct insp_errors *errs)
{
    const struct wf_transition *save = workflow_find(&WF_INSPECTION, "", "save");
    const char *kinds[3];
    struct insp_who w;
    char ids[INSP_MAX_ITEMS * 21 + 3], app[24];
    size_t o = 0;
    PGresult *res = NULL;
    int rc = INSP_ERROR, nk, ok = 0, added, distinct = n;

    memset(errs, 0, sizeof *errs);
    *app_id = 0;
    nk = insp_allowed_kinds(u, kinds);
    for (int i = 0; i < nk; i++)
        ok |= kind && !strcmp(kinds[i], kind);
    if (!ok) {
        errs->form = nk ? "请选择您可办理的报检类型。" : "本账号不能办理报检业务。";
        return INSP_REFUSED;
    }
    if (n <= 0) {
        errs->items = errs->form = "请先勾选要报检的设备。";
        return INSP_REFUSED;
    }
    if (n > INSP_MAX_ITEMS) {
        errs->items = errs->form = "一次最多报检 50 台设备，请分批申请。";
        return INSP_REFUSED;
    }
    /* Each device once, in the order chosen. */
    ids[o++] = '{';
    for (int i = 0, kept = 0; i < n; i++) {
        int dup = 0;
        for (int j = 0; j < i; j++)
            dup |= eids[j] == eids[i];
        if (!dup)
            o += (size_t)snprintf(ids + o, sizeof ids - o, "%s%ld", kept++ ? "," : "", eids[i]);
        else
            distinct--;
    }
    snprintf(ids + o, sizeof ids - o, "}");
    insp_who(u, &w);
    if (!save || db_begin())
        return INSP_ERROR;
    /* The first allowed device (by the order chosen) sets the district; the others must
     * be in the same city. */
    const char *cv[4] = {w.v[0], w.v[1], kind, ids};
    res = db_exec(allowed_sql(CREATE_CHECK, u), 4, cv);
    if (!res)
        goto out;
    if (atoi(PQgetvalue(res, 0, 0)) != distinct) {
        errs->items = errs->form = "所选设备中有不能报检的设备：设备须为本账号可办理的设备，定期检验须为在用设备。";
        rc = INSP_REFUSED;
        goto out;
    }
    if (atoi(PQgetvalue(res, 0, 1)) != 1) {
        errs->items = errs->form = "一次报检的设备须在同一城市，请按城市分开申请。";
        rc = INSP_REFUSED;
        goto out;
    }
    const char *iv[5] = {w.v[0], w.v[1], kind, PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3)};
    PGresult *ins = db_exec("INSERT INTO inspection_application (serial_no, org_id, applicant_id, kind, district,"
                            " contact, phone, address)"
                            " SELECT 'BJ' || to_char(now(), 'YYYYMMDD') || '-' || lpad(nextval('inspection_serial')::text, 6, '0'),"
                            " $1::bigint, a.id, $3, $4, a.name, coalesce(a.mobile, ''), $5"
                            " FROM account a WHERE a.id = $2::bigint RETURNING id",
                            5, iv);
    PQclear(res);
    res = ins;
    if (!res || PQntuples(res) != 1)
        goto out;
    *app_id = atol(PQgetvalue(res, 0, 0));
    snprintf(app, sizeof app, "%ld", *app_id);
    added = add_items(u, app, kind, ids);
    if (added != distinct || estimate_items(app, kind))
        goto out;
    struct wf_move m = {&WF_INSPECTION, save, *app_id, u, NULL, ip};
    if (workflow_record(&m) || db_commit())
        goto out;
    rc = INSP_DONE;
out:
    PQclear(res);
    if (rc != INSP_DONE) {
        db_rollback();
        *app_id = 0;
    }
    return rc;
}

/* Adds the device with this exact code to app, when u may apply for it (one city, not
 * there yet, under the limit); sets errs->add_code otherwise. 0 or -1 (error). */
static int add_by_code(const struct user *u, const char *app, const char *kind, const char *code,
                       struct insp_errors *errs)
{
    char ids[32], n[16];
    const char *v[2] = {code, app};
    int found, added;

    if (strlen(code) > 40) {
        errs->add_code = "编号过长。";
        return 0;
    }
    if (db_text("SELECT count(*) FROM application_item WHERE application_id = $1::bigint", 1, v + 1, n, sizeof n) != 1)
        return -1;
    if (atoi(n) >= INSP_MAX_ITEMS) {
        errs->add_code = "一次最多报检 50 台设备，请分批申请。";
        return 0;
    }
    found = db_text("SELECT '{' || string_agg(id::text, ',') || '}' FROM (SELECT id FROM equipment WHERE reg_code = $1"
                    " UNION SELECT id FROM equipment WHERE equipment_code = $1"
                    " UNION SELECT id FROM equipment WHERE factory_no = $1) x",
                    1, v, ids, sizeof ids);
    if (found < 0)
        return -1;
    added = found == 1 && ids[0] == '{' && ids[1] != '}' ? add_items(u, app, kind, ids) : 0;
    if (added < 0)
        return -1;
    if (added == 0)
        errs->add_code = "没有找到可添加的设备：请核对注册代码、设备代码或出厂编号；设备须为您可报检的设备、与已选设备在同一城市，且不在本申请中。";
    return 0;
}

/* Stores the commitment letter of app (replacing an earlier one); errs->commitment when
 * the file is refused. 0 or -1. */
static int store_commitment(const char *app, const struct insp_form *f, struct insp_errors *errs)
{
    char sha[65], mime[64];
    const char *msg;

    if (upload_check(f->commitment, f->commitment_len, INSP_FILE_MAX, UPLOAD_DOCUMENT_TYPES, mime, &msg)) {
        errs->commitment = msg;
        return 0;
    }
    if (blob_put(f->commitment, f->commitment_len, mime, sha))
        return -1;
    const char *v[3] = {app, sha, blank(f->commitment_name) ? "承诺书" : f->commitment_name};
    return db_command("DELETE FROM application_document WHERE application_id = $1::bigint AND kind = 'commitment'", 1,
                      v) ||
                   db_command("INSERT INTO application_document (application_id, kind, blob_sha256, file_name)"
                              " VALUES ($1::bigint, 'commitment', $2, left($3, 200))",
                              3, v)
               ? -1
               : 0;
}

/* A text field of the application: saved when within max bytes, else reported. */
static int save_text(const char *app, const char *column_sql, const char *value, size_t max, const char **err,
                     const char *too_long)
{
    if (!value)
        return 0;
    if (strlen(value) > max) {
        *err = too_long;
        return 0;
    }
    const char *v[2] = {app, value};
    return db_command(column_sql, 2, v);
}

/* The submit facts of application $4: contact, phone, address, safety accepted, items,
 * commitment, items without maintenance details, items u may not apply for, and the
 * first device already in another open application ("code|serial"). */
#define SUBMIT_FACTS_SQL(allowed)                                                                                          \
    ALLOWED_WITH "SELECT a.contact, a.phone, a.address, (a.safety_accepted_at IS NOT NULL),"                               \
                 " (SELECT count(*) FROM application_item i WHERE i.application_id = a.id),"                               \
                 " EXISTS (SELECT 1 FROM application_document d WHERE d.application_id = a.id AND d.kind = 'commitment')," \
                 " (SELECT count(*) FROM application_item i WHERE i.application_id = a.id"                                 \
                 "   AND (btrim(i.maint_unit) = '' OR btrim(i.maintainer) = '')),"                                         \
                 " (SELECT count(*) FROM application_item i JOIN equipment e ON e.id = i.equipment_id"                     \
                 "   WHERE i.application_id = a.id AND NOT " allowed "),"                                                  \
                 " coalesce((SELECT coalesce(e.reg_code, e.equipment_code, e.name) || '|' || b.serial_no"                  \
                 "   FROM application_item i JOIN application_item j ON j.equipment_id = i.equipment_id"                   \
                 "   JOIN inspection_application b ON b.id = j.application_id JOIN equipment e ON e.id = i.equipment_id"   \
                 "   WHERE i.application_id = a.id AND b.id <> a.id AND b.state IN ('submitted', 'in_process')"            \
                 "   ORDER BY e.id LIMIT 1), '')"                                                                          \
                 " FROM q, inspection_application a WHERE a.id = $4::bigint"
static const char *const SUBMIT_FACTS[NALLOWED] = ALLOWED_BY(SUBMIT_FACTS_SQL);

/* Gathers the submit facts of app (locked) and checks them. Returns the failures, -1 on
 * error. */
static int submit_guards(const struct user *u, const char *app, const char *kind, struct insp_errors *errs,
                         char busy[64], char busy_serial[32])
{
    struct insp_who w;
    struct insp_facts f = {0};
    PGresult *res;
    int rc = -1;

    insp_who(u, &w);
    const char *lv[1] = {app};
    /* The devices, locked in id order: two applications submitted at once for the same
     * device cannot both pass the busy check. */
    res = db_exec("SELECT e.id FROM equipment e JOIN application_item i ON i.equipment_id = e.id"
                  " WHERE i.application_id = $1::bigint ORDER BY e.id FOR UPDATE OF e",
                  1, lv);
    if (!res)
        return -1;
    PQclear(res);
    const char *v[4] = {w.v[0], w.v[1], kind, app};
    res = db_exec(allowed_sql(SUBMIT_FACTS, u), 4, v);
    if (!res || PQntuples(res) != 1)
        goto out;
    f.kind = kind;
    f.contact = PQgetvalue(res, 0, 0);
    f.phone = PQgetvalue(res, 0, 1);
    f.address = PQgetvalue(res, 0, 2);
    f.safety_accepted = !strcmp(PQgetvalue(res, 0, 3), "t");
    f.nitems = atoi(PQgetvalue(res, 0, 4));
    f.has_commitment = !strcmp(PQgetvalue(res, 0, 5), "t");
    f.items_missing_maint = atoi(PQgetvalue(res, 0, 6));
    f.items_not_allowed = atoi(PQgetvalue(res, 0, 7));
    const char *b = PQgetvalue(res, 0, 8), *bar = strchr(b, '|');
    if (bar) {
        snprintf(busy, 64, "%.*s", (int)(bar - b), b);
        snprintf(busy_serial, 32, "%s", bar + 1);
        f.busy = busy;
        f.busy_serial = busy_serial;
    }
    rc = insp_check_submit(&f, errs);
out:
    PQclear(res);
    return rc;
}

#define SAVE_LOCK_SQL(scope)                                                                                          \
    INSP_WITH "SELECT a.state, a.kind, a.version FROM p, inspection_application a WHERE a.id = $3::bigint AND " scope \
              " FOR UPDATE OF a"
static const char *const SAVE_LOCK[INSP_NBY] = INSP_ENTERPRISE_SCOPED(SAVE_LOCK_SQL);
#define SUBMIT_SQL(scope) INSP_UPDATE(", submitted_at = now(), return_reasons = '{}', return_note = NULL", scope)
static const char *const SUBMIT[INSP_NBY] = INSP_ENTERPRISE_SCOPED(SUBMIT_SQL);

int insp_save(const struct user *u, long app_id, const struct insp_form *f, int submit, const char *ip,
              struct insp_errors *errs, long long *saved_at)
{
    struct insp_who w;
    char app[24], kind[16], state[16], version[16], busy[64] = "", busy_serial[32] = "";
    PGresult *res = NULL;
    int rc = INSP_ERROR, failed;

    memset(errs, 0, sizeof *errs);
    *saved_at = 0;
    insp_who(u, &w);
    snprintf(app, sizeof app, "%ld", app_id);
    if (db_begin())
        return INSP_ERROR;
    const char *v[3] = {w.v[0], w.v[1], app};
    res = db_exec(insp_sql(SAVE_LOCK, u, INSP_ENTERPRISE), 3, v);
    if (!res)
        goto out;
    if (PQntuples(res) != 1 || !auth_can(u, "inspection.apply")) {
        rc = INSP_NOT_FOUND;
        goto out;
    }
    snprintf(state, sizeof state, "%s", PQgetvalue(res, 0, 0));
    snprintf(kind, sizeof kind, "%s", PQgetvalue(res, 0, 1));
    snprintf(version, sizeof version, "%s", PQgetvalue(res, 0, 2));
    PQclear(res);
    res = NULL;
    if (strcmp(state, "draft") && strcmp(state, "returned")) {
        rc = INSP_STALE;
        goto out;
    }
    if (save_text(app, "UPDATE inspection_application SET contact = btrim($2) WHERE id = $1::bigint", f->contact,
                  INSP_TEXT_MAX, &errs->contact, "联系人不能超过 50 个字。") ||
        save_text(app, "UPDATE inspection_application SET phone = btrim($2) WHERE id = $1::bigint", f->phone, 40,
                  &errs->phone, "联系电话过长。") ||
        save_text(app, "UPDATE inspection_application SET address = btrim($2) WHERE id = $1::bigint", f->address,
                  INSP_ADDRESS_MAX, &errs->address, "联系地址不能超过 200 个字。") ||
        db_command(f->safety ? "UPDATE inspection_application SET safety_accepted_at = coalesce(safety_accepted_at, now())"
                               " WHERE id = $1::bigint"
                             : "UPDATE inspection_application SET safety_accepted_at = NULL WHERE id = $1::bigint",
                   1, v + 2))
        goto out;
    for (int i = 0; i < f->nitems && i < INSP_MAX_ITEMS; i++) {
        const struct insp_item_edit *it = &f->items[i];
        char item[24];
        if (strlen(it->maint_unit ? it->maint_unit : "") > INSP_TEXT_MAX ||
            strlen(it->maintainer ? it->maintainer : "") > INSP_TEXT_MAX ||
            strlen(it->maint_phone ? it->maint_phone : "") > 40) {
            errs->items = "维保单位、维保人员不能超过 50 个字，电话不能超过 40 个字符。";
            continue;
        }
        snprintf(item, sizeof item, "%ld", it->item_id);
        const char *iv[5] = {app, item, it->maint_unit ? it->maint_unit : "", it->maintainer ? it->maintainer : "",
                             it->maint_phone ? it->maint_phone : ""};
        if (db_command("UPDATE application_item SET maint_unit = btrim($3), maintainer = btrim($4),"
                       " maint_phone = btrim($5) WHERE id = $2::bigint AND application_id = $1::bigint",
                       5, iv))
            goto out;
    }
    for (int i = 0; i < f->nremove && i < INSP_MAX_ITEMS; i++) {
        char item[24];
        snprintf(item, sizeof item, "%ld", f->remove[i]);
        const char *dv[2] = {app, item};
        if (db_command("DELETE FROM application_item WHERE id = $2::bigint AND application_id = $1::bigint", 2, dv))
            goto out;
    }
    if (!blank(f->add_code) && add_by_code(u, app, kind, f->add_code, errs))
        goto out;
    if (f->commitment && f->commitment_len && store_commitment(app, f, errs))
        goto out;
    if (estimate_items(app, kind))
        goto out;
    res = db_exec("UPDATE inspection_application SET updated_at = now() WHERE id = $1::bigint"
                  " RETURNING (extract(epoch FROM updated_at) * 1000)::bigint",
                  1, v + 2);
    if (!res || PQntuples(res) != 1)
        goto out;
    *saved_at = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    res = NULL;
    failed = errs->contact || errs->phone || errs->address || errs->items || errs->commitment || errs->add_code;
    if (submit && !failed) {
        int n = submit_guards(u, app, kind, errs, busy, busy_serial);
        if (n < 0)
            goto out;
        if (n == 0) {
            struct insp_move m = {u, INSP_ENTERPRISE, app_id, atoi(version), "submit", NULL, ip, SUBMIT, 0, NULL};
            int moved = insp_move_run(&m, NULL);
            if (moved != INSP_DONE) {
                rc = moved;
                goto out;
            }
        }
        failed = n > 0;
    }
    if (failed && !errs->form)
        errs->form = submit ? "内容已暂存，但还不能提交：请按提示修改标红的项目。" : "请按提示修改标红的项目，其余内容已暂存。";
    if (db_commit())
        goto out;
    rc = failed ? INSP_REFUSED : INSP_DONE;
out:
    PQclear(res);
    if (rc != INSP_DONE && rc != INSP_REFUSED)
        db_rollback();
    return rc;
}

/* A move of the applicant on its own application, in its own transaction. */
static int applicant_move(const struct user *u, long app_id, int version, const char *event, const char *ip)
{
    struct insp_move m = {u, INSP_ENTERPRISE, app_id, version, event, NULL, ip, NULL, 0, NULL};
    int rc;

    if (db_begin())
        return INSP_ERROR;
    rc = insp_move_run(&m, NULL);
    if (rc == INSP_DONE && db_commit())
        rc = INSP_ERROR;
    if (rc != INSP_DONE)
        db_rollback();
    return rc;
}

int insp_withdraw(const struct user *u, long app_id, int version, const char *ip)
{
    return applicant_move(u, app_id, version, "withdraw", ip);
}

int insp_delete(const struct user *u, long app_id, int version, const char *ip)
{
    return applicant_move(u, app_id, version, "delete", ip);
}
