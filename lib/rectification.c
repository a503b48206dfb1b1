/* rectification.c — see rectification.h. */
#include "rectification.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "db.h"
#include "document.h"
#include "document_internal.h"
#include "workflow.h"

#define NOTICE_COLS                                                                                            \
    "SELECT n.id AS notice_id, n.number AS notice_no, coalesce(n.deadline::text, '') AS deadline,"            \
    " r.number AS report_no, e.name AS device_name, coalesce(e.reg_code, '') AS reg_code, e.id AS equipment_id," \
    " coalesce((SELECT d.id::text FROM document d WHERE d.notice_id = n.id AND d.state = 'issued'), '') AS notice_doc," \
    " coalesce(x.id::text, '') AS rect_id, coalesce(x.state, '') AS rect_state, coalesce(x.version, 0) AS rect_version," \
    " coalesce(x.return_reason, '') AS return_reason"

#define NOTICE_SQL(scope)                                                             \
    WITH_P NOTICE_COLS FROM_REPORT " JOIN inspection_notice n ON n.report_id = r.id"  \
                                   " LEFT JOIN rectification x ON x.notice_id = n.id" \
                                   " WHERE " scope " AND n.id = $3::bigint AND n.kind = 'unqualified'"
static const char *const NOTICE[DOC_NBY] = DOC_SCOPED(NOTICE_SQL);

PGresult *rect_notice(const struct user *u, long notice_id)
{
    char org[24], acc[24], id[24];
    doc_who(u, org, acc);
    snprintf(id, sizeof id, "%ld", notice_id);
    const char *v[3] = {org[0] ? org : NULL, acc, id};
    return db_exec(doc_sql(NOTICE, u), 3, v);
}

/* Rectifications of the agency region of u's unit ($1). */
#define AGENCY_FROM                                                                                            \
    " FROM rectification x JOIN inspection_notice n ON n.id = x.notice_id"                                    \
    " JOIN inspection_report r ON r.id = n.report_id JOIN application_item i ON i.id = r.item_id"              \
    " JOIN inspection_application a ON a.id = i.application_id JOIN equipment e ON e.id = r.equipment_id"      \
    " JOIN account ac ON ac.id = a.applicant_id LEFT JOIN org o ON o.id = a.org_id, org ag"                   \
    " WHERE ag.id = $1::bigint AND ag.kind = 'agency' AND agency_region(a.district) = agency_region(ag.district)"

PGresult *rect_agency_get(const struct user *u, long rect_id)
{
    char org[24], id[24];
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(id, sizeof id, "%ld", rect_id);
    const char *v[2] = {org, id};
    return db_exec(NOTICE_COLS ", coalesce(o.name, ac.name) AS org_name" AGENCY_FROM " AND x.id = $2::bigint", 2, v);
}

PGresult *rect_items(long notice_id)
{
    return db_exec_id("SELECT id, no, text FROM notice_item WHERE notice_id = $1::bigint ORDER BY no", notice_id);
}

PGresult *rect_files(long notice_id)
{
    return db_exec_id("SELECT f.id, f.notice_item_id, f.file_name, to_char(f.created_at, 'YYYY-MM-DD HH24:MI') AS created"
                      " FROM rectification_file f JOIN rectification x ON x.id = f.rectification_id"
                      " WHERE x.notice_id = $1::bigint ORDER BY f.id", notice_id);
}

int rect_file_blob(long notice_id, long file_id, char sha256[65])
{
    char n[24], f[24];
    snprintf(n, sizeof n, "%ld", notice_id);
    snprintf(f, sizeof f, "%ld", file_id);
    const char *v[2] = {n, f};
    return db_text("SELECT f.blob_sha256 FROM rectification_file f JOIN rectification x ON x.id = f.rectification_id"
                   " WHERE x.notice_id = $1::bigint AND f.id = $2::bigint",
                   2, v, sha256, 65);
}

/* Begins a transaction and reads the one row get(u, id) finds: DOC_DONE (*res, the
 * caller PQclears it and ends the transaction), else DOC_NOT_FOUND or DOC_ERROR with the
 * transaction rolled back. */
static int begin_get(PGresult *(*get)(const struct user *, long), const struct user *u, long id, PGresult **res)
{
    int n;

    *res = NULL;
    if (db_begin())
        return DOC_ERROR;
    *res = get(u, id);
    n = *res ? PQntuples(*res) : -1;
    if (n == 1)
        return DOC_DONE;
    PQclear(*res);
    *res = NULL;
    db_rollback();
    return n == 0 ? DOC_NOT_FOUND : DOC_ERROR;
}

int rect_upload(const struct user *u, long notice_id, long item_id, const void *data, size_t len, const char *mime,
                const char *file_name, const char *ip)
{
    char nid[24], iid[24], acc[24], sha[65], added[16], rect[24] = "";
    PGresult *res = NULL;
    int rc = DOC_ERROR, found;

    snprintf(nid, sizeof nid, "%ld", notice_id);
    snprintf(iid, sizeof iid, "%ld", item_id);
    snprintf(acc, sizeof acc, "%ld", u->id);
    if ((rc = begin_get(rect_notice, u, notice_id, &res)) != DOC_DONE)
        return rc;
    rc = DOC_ERROR;
    const char *state = PQgetvalue(res, 0, PQfnumber(res, "rect_state"));
    if (!*state) { /* the first file opens the rectification */
        PGresult *ins;
        const char *v[1] = {nid};
        ins = db_exec("INSERT INTO rectification (notice_id) VALUES ($1::bigint) ON CONFLICT (notice_id) DO NOTHING RETURNING id",
                      1, v);
        if (!ins)
            goto out;
        if (PQntuples(ins) != 1) { /* someone opened it at the same moment */
            PQclear(ins);
            rc = DOC_STALE;
            goto out;
        }
        snprintf(rect, sizeof rect, "%s", PQgetvalue(ins, 0, 0));
        PQclear(ins);
        struct wf_move m = {&WF_RECTIFICATION, workflow_find(&WF_RECTIFICATION, "", "open"), atol(rect), u, NULL, ip};
        if (workflow_record(&m))
            goto out;
    } else if (!strcmp(state, "draft") || !strcmp(state, "returned")) {
        snprintf(rect, sizeof rect, "%s", PQgetvalue(res, 0, PQfnumber(res, "rect_id")));
    } else {
        rc = DOC_STALE;
        goto out;
    }
    if (blob_put(data, len, mime, sha))
        goto out;
    const char *fv[5] = {rect, iid, sha, file_name, acc};
    /* The item must be one of this notice's, and the rectification still open. */
    found = db_text("WITH ins AS (INSERT INTO rectification_file (rectification_id, notice_item_id, blob_sha256, file_name, uploaded_by)"
                    " SELECT x.id, ni.id, $3, $4, $5::bigint FROM rectification x JOIN notice_item ni ON ni.notice_id = x.notice_id"
                    " WHERE x.id = $1::bigint AND ni.id = $2::bigint AND x.state IN ('draft', 'returned') RETURNING id)"
                    " SELECT count(*) FROM ins",
                    5, fv, added, sizeof added);
    if (found != 1)
        goto out;
    if (strcmp(added, "1")) {
        rc = DOC_NOT_FOUND;
        goto out;
    }
    rc = db_commit() ? DOC_ERROR : DOC_DONE;
out:
    PQclear(res);
    if (rc != DOC_DONE)
        db_rollback();
    return rc;
}

int rect_submit(const struct user *u, long notice_id, int version, const char *ip, const char **msg)
{
    char rect[24], ver[16], acc[24], missing[16];
    PGresult *res = NULL;
    const struct wf_transition *t;
    int rc = DOC_ERROR, found;

    *msg = NULL;
    if ((rc = begin_get(rect_notice, u, notice_id, &res)) != DOC_DONE)
        return rc;
    rc = DOC_ERROR;
    if (!(t = workflow_find(&WF_RECTIFICATION, PQgetvalue(res, 0, PQfnumber(res, "rect_state")), "submit"))) {
        if (!*PQgetvalue(res, 0, PQfnumber(res, "rect_state"))) {
            *msg = "请先为每一项不合格项上传整改材料。";
            rc = DOC_REFUSED;
        } else
            rc = DOC_STALE;
        goto out;
    }
    snprintf(rect, sizeof rect, "%s", PQgetvalue(res, 0, PQfnumber(res, "rect_id")));
    const char *mv[1] = {rect};
    if (db_text("SELECT count(*) FROM notice_item ni JOIN rectification x ON x.notice_id = ni.notice_id"
                " WHERE x.id = $1::bigint AND NOT EXISTS (SELECT 1 FROM rectification_file f"
                "  WHERE f.rectification_id = x.id AND f.notice_item_id = ni.id)",
                1, mv, missing, sizeof missing) != 1)
        goto out;
    if (atoi(missing) > 0) {
        *msg = "还有不合格项没有上传整改材料，请逐项上传后再提交。";
        rc = DOC_REFUSED;
        goto out;
    }
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(acc, sizeof acc, "%ld", u->id);
    struct wf_move m = {&WF_RECTIFICATION, t, atol(rect), u, NULL, ip};
    const char *v[5] = {rect, ver, t->from, t->to, acc};
    found = workflow_run(&m,
                         "UPDATE rectification SET state = $4, version = version + 1, submitted_by = $5::bigint,"
                         " submitted_at = now() WHERE id = $1::bigint AND version = $2::int AND state = $3 RETURNING id",
                         5, v, NULL);
    rc = found == 1 ? DOC_DONE : found == 0 ? DOC_STALE : DOC_ERROR;
    if (rc == DOC_DONE && db_commit())
        rc = DOC_ERROR;
out:
    PQclear(res);
    if (rc != DOC_DONE)
        db_rollback();
    return rc;
}

PGresult *rect_queue(const struct user *u, const char *state, long before, int limit)
{
    char org[24];
    struct doc_page pg;
    snprintf(org, sizeof org, "%ld", u->org_id);
    doc_page_params(&pg, before, limit);
    const char *v[4] = {org, state, pg.before, pg.limit};
    return db_exec("SELECT x.id AS rect_id, n.number AS notice_no, coalesce(o.name, ac.name) AS org_name, e.name AS device_name,"
                   " coalesce(e.reg_code, '') AS reg_code, coalesce(n.deadline::text, '') AS deadline, x.state,"
                   " coalesce(to_char(x.submitted_at, 'YYYY-MM-DD HH24:MI'), '') AS submitted"
                   AGENCY_FROM " AND x.state = $2 AND ($3::bigint = 0 OR x.id < $3::bigint) ORDER BY x.id DESC LIMIT $4::int",
                   4, v);
}

int rect_decide(const struct user *u, long rect_id, int version, int accept, const char *reason, const char *ip)
{
    char id[24], ver[16], actor[24];
    const struct wf_transition *t;
    PGresult *res = NULL;
    int rc = DOC_ERROR, found;

    if (!accept && (!reason || !*reason || strlen(reason) > 600))
        return DOC_REFUSED;
    snprintf(id, sizeof id, "%ld", rect_id);
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(actor, sizeof actor, "%ld", u->id);
    if ((rc = begin_get(rect_agency_get, u, rect_id, &res)) != DOC_DONE)
        return rc;
    rc = DOC_ERROR;
    if (!(t = workflow_find(&WF_RECTIFICATION, PQgetvalue(res, 0, PQfnumber(res, "rect_state")), accept ? "accept" : "return"))) {
        rc = DOC_STALE;
        goto out;
    }
    struct wf_move m = {&WF_RECTIFICATION, t, rect_id, u, accept ? NULL : reason, ip};
    const char *v[6] = {id, ver, t->from, t->to, actor, accept ? NULL : reason};
    found = workflow_run(&m,
                         "UPDATE rectification SET state = $4, version = version + 1, decided_by = $5::bigint, decided_at = now(),"
                         " return_reason = $6 WHERE id = $1::bigint AND version = $2::int AND state = $3 RETURNING id",
                         6, v, NULL);
    if (found != 1) {
        rc = found == 0 ? DOC_STALE : DOC_ERROR;
        goto out;
    }
    /* Accepted: the device is requalified (复检合格), with its history. */
    const char *ev[2] = {PQgetvalue(res, 0, PQfnumber(res, "equipment_id")), actor};
    if (accept && db_command("WITH old AS (SELECT id, last_conclusion FROM equipment WHERE id = $1::bigint FOR UPDATE),"
                             " upd AS (UPDATE equipment e SET last_conclusion = 'requalified', version = e.version + 1,"
                             "  updated_at = now() FROM old WHERE e.id = old.id RETURNING e.id)"
                             " INSERT INTO equipment_history (equipment_id, actor_id, change, old, new, note)"
                             " SELECT old.id, $2::bigint, 'inspection', jsonb_build_object('last_conclusion', old.last_conclusion),"
                             "  jsonb_build_object('last_conclusion', 'requalified'), '整改合格，结论：复检合格' FROM old JOIN upd ON upd.id = old.id",
                             2, ev))
        goto out;
    rc = db_commit() ? DOC_ERROR : DOC_DONE;
out:
    PQclear(res);
    if (rc != DOC_DONE)
        db_rollback();
    return rc;
}
