/* change.c — equipment status-change applications and their review by the bureau. */
#include "change.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "db.h"
#include "outbox.h"
#include "upload.h"
#include "workflow.h"

#define MSG_OPEN "该设备已有一项变更申请正在审核中，请等待区县监管局处理后再提交。"

/* The rows a user may see, as a condition on change_application c with the user's unit
 * as $1: the applying unit its own, the bureau its districts'. */
#define SCOPE_UNIT "c.org_id = $1::bigint"
#define SCOPE_BUREAU                                                    \
    "c.district IN (SELECT d FROM org o, district_within(o.district) d" \
    " WHERE o.id = $1::bigint AND o.kind = 'bureau')"
/* Every scoped statement is a literal per scope: SQL names a macro of the condition,
 * e.g. static const char *const GET[NSCOPES] = SCOPED(GET_SQL); scoped(GET, scope) picks. */
#define SCOPED(SQL) {[CHANGE_UNIT] = SQL(SCOPE_UNIT), [CHANGE_BUREAU] = SQL(SCOPE_BUREAU)}
#define NSCOPES (CHANGE_BUREAU + 1)

static const char *scoped(const char *const table[NSCOPES], enum change_scope scope)
{
    return table[scope == CHANGE_BUREAU ? CHANGE_BUREAU : CHANGE_UNIT];
}

static int blank(const char *s) { return !s || !*s; }

PGresult *change_device(const struct user *u, long equipment_id)
{
    char org[24], id[24];
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(id, sizeof id, "%ld", equipment_id);
    const char *v[2] = {org, id};
    return db_exec("SELECT e.id, coalesce(e.reg_code, '') AS reg_code, coalesce(e.equipment_code, '') AS equipment_code,"
                   " e.name, k.name AS category_name, coalesce(e.address, '') AS address, d.name AS district_name, e.state,"
                   " coalesce((SELECT c.id::text FROM change_application c"
                   "           WHERE c.equipment_id = e.id AND c.state = 'submitted'), '') AS open_id"
                   " FROM equipment e JOIN catalogue k ON k.code = e.category JOIN district d ON d.code = e.district"
                   " WHERE e.id = $2::bigint AND e.use_org_id = $1::bigint",
                   2, v);
}

long change_device_by_code(const struct user *u, const char *code)
{
    char org[24];
    PGresult *res;
    long id = -1;

    snprintf(org, sizeof org, "%ld", u->org_id);
    const char *v[2] = {org, code};
    res = db_exec("SELECT id FROM equipment WHERE use_org_id = $1::bigint"
                  " AND (reg_code = $2 OR equipment_code = $2 OR factory_no = $2) ORDER BY id LIMIT 1",
                  2, v);
    if (res)
        id = PQntuples(res) ? atol(PQgetvalue(res, 0, 0)) : 0;
    PQclear(res);
    return id;
}

/* Field checks that need no database. */
static void check_form(const struct change_form *f, struct change_errors *errs)
{
    const char *msg;
    char mime[64];

    if (blank(f->to_state) || !strcmp(workflow_label(&WF_EQUIPMENT, f->to_state), f->to_state))
        errs->to_state = "请选择变更后的设备状态。";
    if (blank(f->reason))
        errs->reason = "请填写申请变更的原因。";
    else if (strlen(f->reason) > CHANGE_REASON_MAX)
        errs->reason = "变更原因不能超过 500 字。";
    if (f->too_many_files)
        errs->documents = "证明材料最多上传 5 个文件。";
    else if (f->nfiles == 0)
        errs->documents = "请上传至少一份证明材料（PDF、JPG 或 PNG 格式的扫描件或照片）。";
    for (int i = 0; !errs->documents && i < f->nfiles; i++)
        if (upload_check(f->files[i].data, f->files[i].len, CHANGE_FILE_MAX, UPLOAD_DOCUMENT_TYPES, mime, &msg))
            errs->documents = msg;
}

static int store_document(const char *app_id, const struct change_file *file)
{
    char sha[65], mime[64];
    const char *msg;

    if (upload_check(file->data, file->len, CHANGE_FILE_MAX, UPLOAD_DOCUMENT_TYPES, mime, &msg) ||
        blob_put(file->data, file->len, mime, sha))
        return -1;
    const char *v[3] = {app_id, sha, blank(file->name) ? "证明材料" : file->name};
    return db_command("INSERT INTO change_application_document (application_id, blob_sha256, file_name)"
                      " VALUES ($1::bigint, $2, left($3, 200))",
                      3, v);
}

int change_submit(const struct user *u, const struct change_form *f, const char *ip, long *app_id,
                  struct change_errors *errs)
{
    char eid[24], org[24], aid[24], idbuf[24], from[16] = "", district[8] = "";
    const struct wf_transition *submit = workflow_find(&WF_CHANGE_APPLICATION, "", "submit");
    PGresult *res = NULL;
    int rc = CHANGE_ERROR;

    memset(errs, 0, sizeof *errs);
    *app_id = 0;
    check_form(f, errs);
    snprintf(eid, sizeof eid, "%ld", f->equipment_id);
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(aid, sizeof aid, "%ld", u->id);
    if (!submit || db_begin())
        return CHANGE_ERROR;
    /* The device, locked: its state cannot change while the application is written. */
    const char *dv[2] = {eid, org};
    res = db_exec("SELECT state, district FROM equipment WHERE id = $1::bigint AND use_org_id = $2::bigint FOR UPDATE",
                  2, dv);
    if (!res)
        goto out;
    if (PQntuples(res) != 1 || !auth_can(u, submit->capability)) {
        rc = CHANGE_NOT_FOUND;
        goto out;
    }
    snprintf(from, sizeof from, "%s", PQgetvalue(res, 0, 0));
    snprintf(district, sizeof district, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    res = NULL;
    if (!errs->to_state && !workflow_find_to(&WF_EQUIPMENT, from, f->to_state)) {
        snprintf(errs->buf, sizeof errs->buf, "设备当前状态为“%s”，不能申请变更为“%s”。",
                 workflow_label(&WF_EQUIPMENT, from), workflow_label(&WF_EQUIPMENT, f->to_state));
        errs->to_state = errs->buf;
    }
    const char *ov[1] = {eid};
    res = db_exec("SELECT 1 FROM change_application WHERE equipment_id = $1::bigint AND state = 'submitted'", 1, ov);
    if (!res)
        goto out;
    if (PQntuples(res))
        errs->form = MSG_OPEN;
    PQclear(res);
    res = NULL;
    if (errs->to_state || errs->reason || errs->documents || errs->form) {
        rc = CHANGE_REFUSED;
        goto out;
    }
    const char *iv[7] = {eid, org, aid, from, f->to_state, f->reason, district};
    res = db_exec("INSERT INTO change_application (equipment_id, org_id, applicant_id, from_state, to_state, reason, district)"
                  " VALUES ($1::bigint, $2::bigint, $3::bigint, $4, $5, $6, $7) RETURNING id",
                  7, iv);
    if (!res) {
        if (strcmp(db_last_sqlstate(), "23505") == 0) { /* another submit won the race */
            errs->form = MSG_OPEN;
            rc = CHANGE_REFUSED;
        }
        goto out;
    }
    *app_id = atol(PQgetvalue(res, 0, 0));
    snprintf(idbuf, sizeof idbuf, "%ld", *app_id);
    for (int i = 0; i < f->nfiles; i++)
        if (store_document(idbuf, &f->files[i]))
            goto out;
    struct wf_move m = {&WF_CHANGE_APPLICATION, submit, *app_id, u, NULL, ip};
    if (workflow_record(&m) || db_commit())
        goto out;
    rc = CHANGE_DONE;
out:
    PQclear(res);
    if (rc != CHANGE_DONE) {
        db_rollback();
        *app_id = 0;
    }
    return rc;
}

/* Approval's second half: the device moves from the application's from-state, with a
 * history row. CHANGE_DONE, CHANGE_DEVICE_MOVED or CHANGE_ERROR. */
static int move_device(const struct user *u, long app_id, const char *eid, const char *from, const char *to,
                       const char *reason, const char *ip)
{
    const struct wf_transition *t = workflow_find_to(&WF_EQUIPMENT, from, to);
    char note[CHANGE_REASON_MAX + 96], aid[24];
    int moved;

    if (!t)
        return CHANGE_DEVICE_MOVED; /* cannot happen: submit checked the same table */
    snprintf(note, sizeof note, "变更申请第 %ld 号审核通过。申请原因：%s", app_id, reason);
    struct wf_move m = {&WF_EQUIPMENT, t, atol(eid), u, note, ip};
    const char *v[3] = {eid, t->to, t->from};
    moved = workflow_run(&m, "UPDATE equipment SET state = $2, version = version + 1, updated_at = now()"
                             " WHERE id = $1::bigint AND state = $3",
                         3, v, NULL);
    if (moved <= 0)
        return moved == 0 ? CHANGE_DEVICE_MOVED : CHANGE_ERROR;
    snprintf(aid, sizeof aid, "%ld", u->id);
    const char *hv[5] = {eid, aid, t->from, t->to, note};
    if (db_command("INSERT INTO equipment_history (equipment_id, actor_id, change, old, new, note)"
                   " VALUES ($1::bigint, $2::bigint, 'state', jsonb_build_object('state', $3::text),"
                   " jsonb_build_object('state', $4::text), $5)",
                   5, hv))
        return CHANGE_ERROR;
    return CHANGE_DONE;
}

/* The SMS to the applicant about the decision, in the same transaction. */
static int notify(const char *applicant, const char *eid, const char *to, int approve, const char *reason)
{
    char text[CHANGE_DECISION_MAX + 512];
    const char *v[2] = {applicant, eid};
    PGresult *res = db_exec("SELECT a.mobile, left(e.name, 40), coalesce(e.reg_code, e.equipment_code, '')"
                            " FROM account a, equipment e WHERE a.id = $1::bigint AND e.id = $2::bigint"
                            " AND a.mobile IS NOT NULL",
                            2, v);
    int rc = -1;

    if (!res)
        return -1;
    if (PQntuples(res) == 0) {
        rc = 0; /* no mobile to tell */
        goto out;
    }
    if (approve)
        snprintf(text, sizeof text, "【特检】贵单位设备“%s”（%s）变更为“%s”的申请已审核通过。",
                 PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2), workflow_label(&WF_EQUIPMENT, to));
    else
        snprintf(text, sizeof text, "【特检】贵单位设备“%s”（%s）变更为“%s”的申请未通过审核，原因：%s。如需变更请修改后重新申请。",
                 PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2), workflow_label(&WF_EQUIPMENT, to), reason);
    rc = outbox_add("sms", PQgetvalue(res, 0, 0), text);
out:
    PQclear(res);
    return rc;
}

/* The decision's compare-and-set, in the bureau's districts. */
#define DECIDE_SQL                                                                               \
    "UPDATE change_application c SET state = $4, decision_reason = $5, decided_by = $6::bigint," \
    " decided_at = now(), version = version + 1"                                                 \
    " WHERE c.id = $2::bigint AND c.version = $3::int AND c.state = $7 AND " SCOPE_BUREAU        \
    " RETURNING c.equipment_id, c.from_state, c.to_state, c.applicant_id, c.reason"

int change_decide(const struct user *u, long app_id, int version, int approve, const char *reason,
                  const char *ip)
{
    const struct wf_transition *t = workflow_find(&WF_CHANGE_APPLICATION, "submitted", approve ? "approve" : "reject");
    char id[24], ver[16], org[24], aid[24], eid[24], to[16], applicant[24];
    PGresult *res = NULL;
    int rc = CHANGE_ERROR, moved;

    if (!t || (!approve && (blank(reason) || strlen(reason) > CHANGE_DECISION_MAX)))
        return CHANGE_ERROR;
    snprintf(id, sizeof id, "%ld", app_id);
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(aid, sizeof aid, "%ld", u->id);
    const char *v[7] = {org, id, ver, t->to, approve ? NULL : reason, aid, t->from};
    struct wf_move m = {&WF_CHANGE_APPLICATION, t, app_id, u, approve ? NULL : reason, ip};
    if (db_begin())
        return CHANGE_ERROR;
    moved = workflow_run(&m, DECIDE_SQL, 7, v, &res);
    if (moved <= 0) {
        rc = moved == 0 ? CHANGE_REFUSED : CHANGE_ERROR;
        goto out;
    }
    snprintf(eid, sizeof eid, "%s", PQgetvalue(res, 0, 0));
    snprintf(to, sizeof to, "%s", PQgetvalue(res, 0, 2));
    snprintf(applicant, sizeof applicant, "%s", PQgetvalue(res, 0, 3));
    if (approve &&
        (rc = move_device(u, app_id, eid, PQgetvalue(res, 0, 1), to, PQgetvalue(res, 0, 4), ip)) != CHANGE_DONE)
        goto out;
    rc = CHANGE_ERROR;
    if (notify(applicant, eid, to, approve, reason) || db_commit())
        goto out;
    rc = CHANGE_DONE;
out:
    PQclear(res);
    if (rc != CHANGE_DONE)
        db_rollback();
    return rc;
}

#define APP_COLUMNS                                                                                   \
    "c.id, to_char(c.created_at, 'YYYY-MM-DD HH24:MI') AS created, c.state, c.from_state, c.to_state," \
    " e.id AS equipment_id, coalesce(e.reg_code, '') AS reg_code, e.name AS device_name,"              \
    " o.name AS org_name, a.name AS applicant"
#define APP_JOINS                                                                                     \
    " FROM change_application c JOIN equipment e ON e.id = c.equipment_id"                           \
    " JOIN org o ON o.id = c.org_id JOIN account a ON a.id = c.applicant_id"

/* A page of applications in scope after $3 in the order of c.id given by cmp (">" or
 * "<") and dir ("ASC" or "DESC"): newest first in either scope, the bureau's open queue
 * oldest first. */
#define LIST_SQL(scope, cmp, dir)                                                                                \
    "SELECT " APP_COLUMNS APP_JOINS " WHERE " scope " AND ($2 = '' OR c.state = $2) AND c.id " cmp " $3::bigint" \
    " ORDER BY c.id " dir " LIMIT $4::int"
#define LIST_NEWEST_SQL(scope) LIST_SQL(scope, "<", "DESC")
static const char *const LIST_NEWEST[NSCOPES] = SCOPED(LIST_NEWEST_SQL);
#define LIST_QUEUE LIST_SQL(SCOPE_BUREAU, ">", "ASC")

PGresult *change_list(const struct user *u, enum change_scope scope, const char *state, long after, int limit)
{
    int oldest_first = scope == CHANGE_BUREAU && state && !strcmp(state, "submitted");
    char org[24], aft[24], lim[16];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(aft, sizeof aft, "%ld", after > 0 ? after : oldest_first ? 0 : LONG_MAX);
    snprintf(lim, sizeof lim, "%d", limit + 1);
    const char *v[4] = {org, state ? state : "", aft, lim};
    return db_exec(oldest_first ? LIST_QUEUE : scoped(LIST_NEWEST, scope), 4, v);
}

#define GET_SQL(scope)                                                                                 \
    "SELECT " APP_COLUMNS ", c.version, c.reason, coalesce(c.decision_reason, '') AS decision_reason," \
    " coalesce(to_char(c.decided_at, 'YYYY-MM-DD HH24:MI'), '') AS decided,"                           \
    " coalesce((SELECT name FROM account WHERE id = c.decided_by), '') AS decider,"                    \
    " coalesce(a.mobile, '') AS applicant_mobile, coalesce(e.equipment_code, '') AS equipment_code,"   \
    " k.name AS category_name, coalesce(e.address, '') AS address, d.name AS district_name,"           \
    " e.state AS device_state" APP_JOINS                                                               \
    " JOIN catalogue k ON k.code = e.category JOIN district d ON d.code = c.district"                  \
    " WHERE " scope " AND c.id = $2::bigint"
static const char *const GET[NSCOPES] = SCOPED(GET_SQL);

PGresult *change_get(const struct user *u, enum change_scope scope, long app_id)
{
    char org[24], id[24];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(id, sizeof id, "%ld", app_id);
    const char *v[2] = {org, id};
    return db_exec(scoped(GET, scope), 2, v);
}

PGresult *change_documents(long app_id)
{
    return db_exec_id("SELECT d.id, d.file_name, b.mime, b.size, (b.size + 1023) / 1024 AS kb FROM change_application_document d"
                      " JOIN blob b ON b.sha256 = d.blob_sha256 WHERE d.application_id = $1::bigint ORDER BY d.id", app_id);
}

#define DOCUMENT_BLOB_SQL(scope)                                                        \
    "SELECT d.blob_sha256 FROM change_application_document d JOIN change_application c" \
    " ON c.id = d.application_id WHERE " scope " AND c.id = $2::bigint AND d.id = $3::bigint"
static const char *const DOCUMENT_BLOB[NSCOPES] = SCOPED(DOCUMENT_BLOB_SQL);

int change_document_blob(const struct user *u, enum change_scope scope, long app_id, long doc_id,
                         char sha256[65])
{
    char org[24], id[24], doc[24];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(id, sizeof id, "%ld", app_id);
    snprintf(doc, sizeof doc, "%ld", doc_id);
    const char *v[3] = {org, id, doc};
    return db_text(scoped(DOCUMENT_BLOB, scope), 3, v, sha256, 65);
}
