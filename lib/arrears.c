/* arrears.c — arrears applications (欠费申请): a certified unit asks to get the documents
 * of unpaid fee orders before paying, with a reason and a promised date; the agency of the
 * region approves (doc_access then lets the reports download) or rejects with a reason.
 * Moves through WF_ARREARS: compare-and-set, history and audit in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "document.h"
#include "document_internal.h"
#include "validate.h"
#include "workflow.h"

/* Fee orders not yet covered: no submitted or approved application lists them. */
#define NOT_COVERED                                                                                            \
    " NOT EXISTS (SELECT 1 FROM arrears_application aa WHERE aa.state IN ('submitted', 'approved')"          \
    "  AND f.id = ANY (aa.fee_order_ids))"

#define OPEN_ORDERS_SQL(scope)                                                                             \
    WITH_P "SELECT f.id, f.number, f.amount_fen, r.number AS report_no, e.name AS device_name, a.district" \
    FROM_REPORT " WHERE " scope " AND f.state = 'unpaid' AND" NOT_COVERED " ORDER BY f.id DESC LIMIT 100"
static const char *const OPEN_ORDERS[DOC_NBY] = DOC_SCOPED(OPEN_ORDERS_SQL);

PGresult *arrears_open_orders(const struct user *u)
{
    char org[24], acc[24];
    doc_who(u, org, acc);
    const char *v[2] = {org[0] ? org : NULL, acc};
    return db_exec(doc_sql(OPEN_ORDERS, u), 2, v);
}

PGresult *arrears_mine(const struct user *u, long before, int limit)
{
    char org[24], acc[24];
    struct doc_page pg;
    doc_who(u, org, acc);
    doc_page_params(&pg, before, limit);
    const char *v[5] = {org, acc, (u->roles & ROLE_ENT_MAIN) ? "main" : "own", pg.before, pg.limit};
    return db_exec("SELECT x.id, x.state, (SELECT string_agg(f.number, '，' ORDER BY f.id) FROM fee_order f"
                   "  WHERE f.id = ANY (x.fee_order_ids)) AS orders,"
                   " (SELECT sum(f.amount_fen) FROM fee_order f WHERE f.id = ANY (x.fee_order_ids)) AS amount_fen,"
                   " x.reason, x.promised_date::text AS promised_date, coalesce(x.reject_reason, '') AS reject_reason,"
                   " to_char(x.created_at, 'YYYY-MM-DD HH24:MI') AS created"
                   " FROM arrears_application x WHERE x.org_id = $1::bigint AND ($3 = 'main' OR x.applicant_id = $2::bigint)"
                   " AND ($4::bigint = 0 OR x.id < $4::bigint) ORDER BY x.id DESC LIMIT $5::int",
                   5, v);
}

/* Every order of $3 u's, unpaid and not covered; locked so two submits cannot both list it. */
#define SUBMIT_ORDERS_SQL(scope)                                                                   \
    WITH_P "SELECT f.id, agency_region(a.district), a.district" FROM_REPORT                        \
           " WHERE " scope " AND f.id = ANY ($3::bigint[]) AND f.state = 'unpaid' AND" NOT_COVERED \
           " ORDER BY f.id FOR UPDATE OF f"
static const char *const SUBMIT_ORDERS[DOC_NBY] = DOC_SCOPED(SUBMIT_ORDERS_SQL);

int arrears_submit(const struct user *u, const struct arrears_input *in, const char *ip, const char **msg)
{
    char org[24], acc[24], arr[2200], today[16], limit[16], region[8] = "";
    size_t o = 0;
    PGresult *res = NULL, *ins = NULL;
    int rc = DOC_ERROR;

    *msg = NULL;
    if (!(u->roles & (ROLE_ENT_MAIN | ROLE_ENT_SUB)) || !u->org_id) {
        *msg = "非认证账号不能申请欠费。";
        return DOC_REFUSED;
    }
    if (in->n <= 0 || in->n > 100) {
        *msg = "请勾选要申请欠费的缴费单（最多 100 张）。";
        return DOC_REFUSED;
    }
    if (!in->reason || !*in->reason || strlen(in->reason) > 500) {
        *msg = "请填写申请原因（不超过 160 字）。";
        return DOC_REFUSED;
    }
    if (!in->promised_date || v_date(in->promised_date, NULL, NULL, NULL, msg) != V_OK ||
        db_text("SELECT current_date::text", 0, NULL, today, sizeof today) != 1 ||
        db_text("SELECT (current_date + 180)::text", 0, NULL, limit, sizeof limit) != 1 ||
        strcmp(in->promised_date, today) < 0 || strcmp(in->promised_date, limit) > 0) {
        *msg = "承诺缴费日期应为今天起 180 天内的日期（年-月-日）。";
        return DOC_REFUSED;
    }
    arr[o++] = '{';
    for (int i = 0; i < in->n; i++)
        o += (size_t)snprintf(arr + o, sizeof arr - o, "%s%ld", i ? "," : "", in->orders[i]);
    snprintf(arr + o, sizeof arr - o, "}");
    doc_who(u, org, acc);
    if (db_begin())
        return DOC_ERROR;
    const char *v[3] = {org, acc, arr};
    res = db_exec(doc_sql(SUBMIT_ORDERS, u), 3, v);
    if (!res)
        goto out;
    if (PQntuples(res) != in->n) {
        *msg = "所选缴费单已缴费、已在申请中或不属于本单位，请刷新页面后重新选择。";
        rc = DOC_REFUSED;
        goto out;
    }
    for (int i = 0; i < PQntuples(res); i++) {
        if (i && strcmp(region, PQgetvalue(res, i, 1))) {
            *msg = "不同检验机构的缴费单请分别申请。";
            rc = DOC_REFUSED;
            goto out;
        }
        snprintf(region, sizeof region, "%s", PQgetvalue(res, i, 1));
    }
    const char *iv[6] = {org, acc, PQgetvalue(res, 0, 2), arr, in->reason, in->promised_date};
    ins = db_exec("INSERT INTO arrears_application (org_id, applicant_id, district, fee_order_ids, reason, promised_date)"
                  " VALUES ($1::bigint, $2::bigint, $3, $4::bigint[], $5, $6::date) RETURNING id",
                  6, iv);
    if (!ins || PQntuples(ins) != 1)
        goto out;
    struct wf_move m = {&WF_ARREARS, workflow_find(&WF_ARREARS, "", "submit"), atol(PQgetvalue(ins, 0, 0)), u,
                        in->reason, ip};
    if (workflow_record(&m) || db_commit())
        goto out;
    rc = DOC_DONE;
out:
    if (rc != DOC_DONE)
        db_rollback();
    PQclear(ins);
    PQclear(res);
    return rc;
}

/* The applications of the agency region of u's unit ($1). */
#define REGION                                                                                                 \
    " FROM arrears_application x JOIN org o ON o.id = x.org_id, org ag"                                       \
    " WHERE ag.id = $1::bigint AND ag.kind = 'agency' AND agency_region(x.district) = agency_region(ag.district)"

PGresult *arrears_queue(const struct user *u, const char *state, long before, int limit)
{
    char org[24];
    struct doc_page pg;
    snprintf(org, sizeof org, "%ld", u->org_id);
    doc_page_params(&pg, before, limit);
    const char *v[4] = {org, state, pg.before, pg.limit};
    return db_exec("SELECT x.id, o.name AS org_name, (SELECT string_agg(f.number, '，' ORDER BY f.id) FROM fee_order f"
                   "  WHERE f.id = ANY (x.fee_order_ids)) AS orders,"
                   " (SELECT sum(f.amount_fen) FROM fee_order f WHERE f.id = ANY (x.fee_order_ids)) AS amount_fen,"
                   " x.reason, x.promised_date::text AS promised_date, x.state, x.version,"
                   " coalesce(x.reject_reason, '') AS reject_reason, to_char(x.created_at, 'YYYY-MM-DD HH24:MI') AS created"
                   REGION " AND x.state = $2 AND ($3::bigint = 0 OR x.id < $3::bigint) ORDER BY x.id DESC LIMIT $4::int",
                   4, v);
}

int arrears_decide(const struct user *u, long id, int version, int approve, const char *reason, const char *ip)
{
    char org[24], sid[24], ver[16], actor[24], state[16];
    const struct wf_transition *t;
    int rc, found;

    if (!approve && (!reason || !*reason || strlen(reason) > 600))
        return DOC_REFUSED;
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(sid, sizeof sid, "%ld", id);
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(actor, sizeof actor, "%ld", u->id);
    if (db_begin())
        return DOC_ERROR;
    const char *sv[2] = {org, sid};
    found = db_text("SELECT x.state" REGION " AND x.id = $2::bigint", 2, sv, state, sizeof state);
    if (found <= 0) {
        rc = found < 0 ? DOC_ERROR : DOC_NOT_FOUND;
        goto out;
    }
    if (!(t = workflow_find(&WF_ARREARS, state, approve ? "approve" : "reject"))) {
        rc = DOC_STALE;
        goto out;
    }
    struct wf_move m = {&WF_ARREARS, t, id, u, approve ? NULL : reason, ip};
    const char *v[6] = {sid, ver, t->from, t->to, actor, approve ? NULL : reason};
    found = workflow_run(&m,
                         "UPDATE arrears_application SET state = $4, version = version + 1, decided_by = $5::bigint,"
                         " decided_at = now(), reject_reason = $6 WHERE id = $1::bigint AND version = $2::int AND state = $3"
                         " RETURNING id",
                         6, v, NULL);
    rc = found == 1 ? DOC_DONE : found == 0 ? DOC_STALE : DOC_ERROR;
    if (rc == DOC_DONE && db_commit())
        rc = DOC_ERROR;
out:
    if (rc != DOC_DONE)
        db_rollback();
    return rc;
}
