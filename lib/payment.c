/* payment.c — counter payments of fee orders: the agency's cashier finds a fee order of
 * its region and records cash, transfer or POS payment with the receipt number; the
 * order moves unpaid → paid through WF_FEE_ORDER in the same transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "document.h"
#include "document_internal.h"
#include "fee.h"
#include "workflow.h"

static const struct {
    const char *method, *label;
} METHODS[] = {{"cash", "现金"}, {"transfer", "银行转账"}, {"pos", "POS 刷卡"}};

const char *pay_method_label(const char *method)
{
    for (size_t i = 0; method && i < sizeof METHODS / sizeof METHODS[0]; i++)
        if (!strcmp(METHODS[i].method, method))
            return METHODS[i].label;
    return NULL;
}

/* The fee orders of the cashier's agency region ($1: its unit). */
#define REGION                                                                                                 \
    " FROM fee_order f JOIN application_item i ON i.id = f.item_id"                                             \
    " JOIN inspection_application a ON a.id = i.application_id JOIN equipment e ON e.id = i.equipment_id"       \
    " JOIN account ac ON ac.id = a.applicant_id LEFT JOIN org o ON o.id = a.org_id"                             \
    " LEFT JOIN payment pm ON pm.fee_order_id = f.id, org ag"                                                   \
    " WHERE ag.id = $1::bigint AND ag.kind = 'agency' AND agency_region(a.district) = agency_region(ag.district)"

PGresult *pay_find(const struct user *u, const char *q, long before, int limit)
{
    char org[24];
    struct doc_page pg;
    snprintf(org, sizeof org, "%ld", u->org_id);
    doc_page_params(&pg, before, limit);
    const char *v[4] = {org, q ? q : "", pg.before, pg.limit};
    return db_exec("SELECT f.id, f.number, coalesce(o.name, ac.name) AS org_name, f.amount_fen, f.state, f.version,"
                   " coalesce(i.report_no, '') AS report_no, e.name AS device_name,"
                   " to_char(f.created_at, 'YYYY-MM-DD') AS created, coalesce(pm.receipt_no, '') AS receipt_no,"
                   " coalesce(pm.method, '') AS method, coalesce(to_char(pm.paid_at, 'YYYY-MM-DD HH24:MI'), '') AS paid_at"
                   REGION " AND ($2 = '' OR strpos(f.number, $2) > 0 OR strpos(coalesce(o.name, ac.name), $2) > 0)"
                   " AND ($3::bigint = 0 OR f.id < $3::bigint) ORDER BY f.id DESC LIMIT $4::int",
                   4, v);
}

int pay_record(const struct user *u, long fee_order_id, int version, const struct pay_input *in, const char *ip,
               const char **msg)
{
    char org[24], id[24], ver[16], fen[24], actor[24], cur[64], reason[160];
    const struct wf_transition *t;
    PGresult *res = NULL;
    long amount;
    int rc = DOC_ERROR, found;

    *msg = NULL;
    if (!pay_method_label(in->method)) {
        *msg = "请选择收费方式。";
        return DOC_REFUSED;
    }
    if (!in->receipt_no || !*in->receipt_no || strlen(in->receipt_no) > 40) {
        *msg = "请填写收据号（不超过 40 个字符）。";
        return DOC_REFUSED;
    }
    if (!in->amount || fee_parse(in->amount, &amount) || amount <= 0) {
        *msg = "实收金额应为大于零的金额，如 600 或 600.00。";
        return DOC_REFUSED;
    }
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(id, sizeof id, "%ld", fee_order_id);
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(fen, sizeof fen, "%ld", amount);
    snprintf(actor, sizeof actor, "%ld", u->id);
    if (db_begin())
        return DOC_ERROR;
    const char *sv[2] = {org, id};
    found = db_text("SELECT f.state || '/' || f.amount_fen" REGION " AND f.id = $2::bigint", 2, sv, cur, sizeof cur);
    if (found <= 0) {
        rc = found < 0 ? DOC_ERROR : DOC_NOT_FOUND;
        goto out;
    }
    char *slash = strchr(cur, '/');
    if (!slash)
        goto out;
    *slash = '\0';
    if (!(t = workflow_find(&WF_FEE_ORDER, cur, "pay"))) {
        rc = DOC_STALE;
        goto out;
    }
    if (atol(slash + 1) != amount) {
        char want[32];
        fee_format(atol(slash + 1), want, sizeof want);
        static char text[128];
        snprintf(text, sizeof text, "实收金额与缴费单金额（%s 元）不一致。", want);
        *msg = text;
        rc = DOC_REFUSED;
        goto out;
    }
    snprintf(reason, sizeof reason, "%s 收据号 %s", pay_method_label(in->method), in->receipt_no);
    struct wf_move m = {&WF_FEE_ORDER, t, fee_order_id, u, reason, ip};
    const char *v[4] = {id, ver, t->from, t->to};
    found = workflow_run(&m,
                         "UPDATE fee_order SET state = $4, version = version + 1, paid_at = now()"
                         " WHERE id = $1::bigint AND version = $2::int AND state = $3 RETURNING id",
                         4, v, NULL);
    if (found != 1) {
        rc = found == 0 ? DOC_STALE : DOC_ERROR;
        goto out;
    }
    const char *pv[5] = {id, fen, in->method, in->receipt_no, actor};
    res = db_exec("INSERT INTO payment (fee_order_id, amount_fen, method, receipt_no, cashier_id)"
                  " VALUES ($1::bigint, $2::bigint, $3, $4, $5::bigint)",
                  5, pv);
    if (!res) {
        if (!strcmp(db_last_sqlstate(), "23505")) {
            *msg = "该收据号已登记过，请核对。";
            rc = DOC_REFUSED;
        }
        goto out;
    }
    if (db_commit())
        goto out;
    rc = DOC_DONE;
out:
    PQclear(res);
    if (rc != DOC_DONE)
        db_rollback();
    return rc;
}
