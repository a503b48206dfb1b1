/* document.c — issuing the documents of a completed inspection (report, notice, label:
 * generated once, signed, stored as blobs with a verification token), re-issue and revoke
 * through WF_DOCUMENT, and the pickup voucher. Reading lives in lib/document_query.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "blob.h"
#include "db.h"
#include "document.h"
#include "document_internal.h"
#include "inspection.h"
#include "log.h"
#include "pdf_sign.h"
#include "util.h"
#include "workflow.h"

#define SIGN_FAILED "电子签章失败，检验报告未能出具，本次操作未保存。请联系系统管理员检查签章证书配置后重试。"

/* Everything a layout draws for report report_id, issued by actor: 1 row or none. */
static PGresult *report_data(const struct user *actor, long report_id)
{
    char id[24], org[24], acc[24];
    snprintf(id, sizeof id, "%ld", report_id);
    snprintf(org, sizeof org, "%ld", actor->org_id);
    snprintf(acc, sizeof acc, "%ld", actor->id);
    const char *v[3] = {id, org, acc};
    return db_exec("SELECT r.number, coalesce(e.reg_code, ''), coalesce(e.equipment_code, ''), coalesce(c.name, ''),"
                   " e.name, coalesce(o.name, ac.name), coalesce(e.address, ''), coalesce(e.model, ''),"
                   " coalesce(e.maker, ''), coalesce(e.factory_no, ''), a.kind, r.inspection_date::text, r.conclusion,"
                   " coalesce(r.next_date::text, ''),"
                   " coalesce((SELECT string_agg(x.name, '、' ORDER BY x.id) FROM account x WHERE x.id = ANY (a.inspector_ids)), ''),"
                   " coalesce((SELECT name FROM account WHERE id = $3::bigint), ''), coalesce((SELECT name FROM org WHERE id = $2::bigint), ''), coalesce(n.number, ''),"
                   " coalesce(n.kind, ''), coalesce(n.deadline::text, ''), coalesce(e.use_cert_no, ''),"
                   " to_char(current_date, 'YYYY-MM-DD'), coalesce(n.id::text, ''),"
                   " coalesce((SELECT string_agg(ni.text, E'\\n' ORDER BY ni.no) FROM notice_item ni WHERE ni.notice_id = n.id), '')"
                   " FROM inspection_report r JOIN application_item i ON i.id = r.item_id"
                   " JOIN inspection_application a ON a.id = i.application_id JOIN equipment e ON e.id = r.equipment_id"
                   " LEFT JOIN catalogue c ON c.code = e.category LEFT JOIN org o ON o.id = a.org_id"
                   " JOIN account ac ON ac.id = a.applicant_id LEFT JOIN inspection_notice n ON n.report_id = r.id"
                   " WHERE r.id = $1::bigint",
                   3, v);
}

static void fill_data(PGresult *res, struct doc_data *x)
{
    const char **f[] = {&x->report_no, &x->reg_code, &x->equipment_code, &x->category_name, &x->device_name,
                        &x->use_unit, &x->address, &x->model, &x->maker, &x->factory_no, &x->kind_label,
                        &x->inspection_date, &x->conclusion, &x->next_date, &x->inspectors, &x->approver,
                        &x->agency, &x->notice_no, &x->notice_kind, &x->deadline, &x->use_cert_no, &x->issued};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        *f[i] = PQgetvalue(res, 0, (int)i);
    x->problems = PQgetvalue(res, 0, 23);
    x->kind_label = insp_kind_label(x->kind_label);
    x->conclusion_label = insp_conclusion_label(x->conclusion);
}

/* Signs bytes in place (the signature widget over the seal). 0 or -1 (*msg). */
static int sign(const char *kind, unsigned char **pdf, size_t *len, const struct doc_seal_at *at, const char **msg)
{
    const struct pdf_signer *s = doc_signer();
    unsigned char *signed_pdf = NULL;
    size_t signed_len = 0;
    struct pdf_sig_field f = {at->page, at->x_mm, at->y_mm, at->w_mm, at->h_mm, "签章1",
                              !strcmp(kind, "report") ? "检验报告电子签章" : "检验意见通知书电子签章", NULL};

    if (!s || pdf_sign(s, *pdf, *len, &f, 0, &signed_pdf, &signed_len)) {
        *msg = SIGN_FAILED;
        return -1;
    }
    free(*pdf);
    *pdf = signed_pdf;
    *len = signed_len;
    return 0;
}

/* Makes, signs, stores and records one document of report report_id (kind, version), in
 * the caller's transaction. 0, or -1 (*msg when the user should know why). */
static int issue_one(const struct user *actor, long report_id, const char *kind, int version, const char *ip,
                     long *doc_id, const char **msg)
{
    struct doc_data x;
    struct doc_seal_at at = {0};
    PGresult *res = report_data(actor, report_id), *ins = NULL;
    unsigned char *pdf = NULL, digest[SHA256_DIGEST_LENGTH];
    size_t len = 0;
    char token[33], url[400], hex[65], ver[16], rid[24], name[160], actor_id[24];
    int rc = -1;

    memset(&x, 0, sizeof x);
    if (!res || PQntuples(res) != 1 || random_hex(16, token))
        goto out;
    fill_data(res, &x);
    snprintf(url, sizeof url, "%s/verify/%s", doc_public_url(), token);
    x.verify_url = url;
    if (!strcmp(kind, "report")) {
        if (doc_pdf_report(&x, &pdf, &len, &at) || sign(kind, &pdf, &len, &at, msg))
            goto out;
        snprintf(name, sizeof name, "检验报告-%s-第%d版.pdf", x.report_no, version);
    } else if (!strcmp(kind, "notice")) {
        if (!x.notice_no[0] || doc_pdf_notice(&x, &pdf, &len, &at) || sign(kind, &pdf, &len, &at, msg))
            goto out;
        snprintf(name, sizeof name, "检验意见通知书-%s-第%d版.pdf", x.notice_no, version);
    } else {
        if (doc_pdf_label(&x, &pdf, &len))
            goto out;
        snprintf(name, sizeof name, "设备标签-%s-第%d版.pdf", x.report_no, version);
    }
    SHA256(pdf, len, digest);
    if (blob_put(pdf, len, "application/pdf", hex))
        goto out;
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(rid, sizeof rid, "%ld", report_id);
    snprintf(actor_id, sizeof actor_id, "%ld", actor->id);
    const char *v[8] = {kind, rid, !strcmp(kind, "notice") ? PQgetvalue(res, 0, 22) : NULL, ver, hex, name, token, actor_id};
    int lens[9] = {0}, fmts[9] = {0};
    const char *vb[9] = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], (const char *)digest};
    lens[8] = SHA256_DIGEST_LENGTH;
    fmts[8] = 1;
    ins = db_exec_bin("INSERT INTO document (kind, report_id, notice_id, version, blob_sha256, file_name, token, issued_by, sha256)"
                      " VALUES ($1, $2::bigint, $3::bigint, $4::int, $5, $6, $7, $8::bigint, $9) RETURNING id",
                      9, vb, lens, fmts, 0);
    if (!ins || PQntuples(ins) != 1)
        goto out;
    *doc_id = atol(PQgetvalue(ins, 0, 0));
    struct wf_move m = {&WF_DOCUMENT, workflow_find(&WF_DOCUMENT, "", "issue"), *doc_id, actor, name, ip};
    if (workflow_record(&m))
        goto out;
    rc = 0;
out:
    if (rc && !*msg)
        *msg = "检验文书生成失败，本次操作未保存，请稍后重试。";
    PQclear(ins);
    PQclear(res);
    free(pdf);
    return rc;
}

int doc_issue_for_report(const struct user *actor, long report_id, const char *ip, const char **msg)
{
    static const char *const kinds[] = {"report", "notice", "label"};
    long id;

    *msg = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (issue_one(actor, report_id, kinds[i], 1, ip, &id, msg)) {
            log_error("document: %s of report %ld not issued", kinds[i], report_id);
            return -1;
        }
    return 0;
}

/* The condition "document d belongs to the agency region of the user's unit ($1)". */
#define AGENCY_SCOPE                                                                                          \
    " EXISTS (SELECT 1 FROM inspection_report r JOIN application_item i ON i.id = r.item_id"                  \
    "  JOIN inspection_application a ON a.id = i.application_id, org ag"                                      \
    "  WHERE r.id = d.report_id AND ag.id = $1::bigint AND ag.kind = 'agency'"                               \
    "  AND agency_region(a.district) = agency_region(ag.district))"

/* Moves document doc_id by event in the caller's transaction: DOC_DONE (*kind, *report,
 * *version of the old row), DOC_NOT_FOUND, DOC_STALE, DOC_ERROR. */
static int move(const struct user *u, long doc_id, int row_version, const char *event, const char *reason,
                const char *ip, char kind[16], long *report, int *version)
{
    char org[24], id[24], rv[16], actor[24], state[16] = "";
    PGresult *res = NULL;
    int rc;

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(id, sizeof id, "%ld", doc_id);
    snprintf(rv, sizeof rv, "%d", row_version);
    snprintf(actor, sizeof actor, "%ld", u->id);
    const char *sv[2] = {org, id};
    rc = db_text("SELECT d.state FROM document d WHERE d.id = $2::bigint AND d.kind <> 'voucher' AND" AGENCY_SCOPE
                 " FOR UPDATE OF d", 2, sv, state, sizeof state);
    if (rc <= 0)
        return rc < 0 ? DOC_ERROR : DOC_NOT_FOUND;
    const struct wf_transition *t = workflow_find(&WF_DOCUMENT, state, event);
    if (!t)
        return DOC_STALE;
    struct wf_move m = {&WF_DOCUMENT, t, doc_id, u, reason, ip};
    const char *v[6] = {id, rv, t->from, t->to, actor, reason};
    rc = workflow_run(&m,
                      "UPDATE document SET state = $4, state_actor = $5::bigint, state_at = now(), state_reason = $6,"
                      " row_version = row_version + 1 WHERE id = $1::bigint AND row_version = $2::int AND state = $3"
                      " RETURNING kind, report_id, version",
                      6, v, &res);
    if (rc != 1) {
        PQclear(res);
        return rc == 0 ? DOC_STALE : DOC_ERROR;
    }
    snprintf(kind, 16, "%s", PQgetvalue(res, 0, 0));
    *report = atol(PQgetvalue(res, 0, 1));
    *version = atoi(PQgetvalue(res, 0, 2));
    PQclear(res);
    return DOC_DONE;
}

int doc_reissue(const struct user *u, long doc_id, int row_version, const char *ip, long *new_id, const char **msg)
{
    char kind[16];
    long report;
    int version, rc;

    *msg = NULL;
    if (db_begin())
        return DOC_ERROR;
    rc = move(u, doc_id, row_version, "reissue", "重新出具", ip, kind, &report, &version);
    if (rc == DOC_DONE && issue_one(u, report, kind, version + 1, ip, new_id, msg))
        rc = DOC_ERROR;
    if (rc == DOC_DONE && db_commit())
        rc = DOC_ERROR;
    if (rc != DOC_DONE)
        db_rollback();
    return rc;
}

int doc_revoke(const struct user *u, long doc_id, int row_version, const char *reason, const char *ip)
{
    char kind[16];
    long report;
    int version, rc;

    if (!reason || !*reason || strlen(reason) > 600)
        return DOC_REFUSED;
    if (db_begin())
        return DOC_ERROR;
    rc = move(u, doc_id, row_version, "revoke", reason, ip, kind, &report, &version);
    if (rc == DOC_DONE && db_commit())
        rc = DOC_ERROR;
    if (rc != DOC_DONE)
        db_rollback();
    return rc;
}
