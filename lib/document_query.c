/* document_query.c — reading documents: one document with the facts doc_access needs,
 * the enterprise's reports and notices, the agency's list, the pickup voucher, and the
 * public look-ups by token or file hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "blob.h"
#include "db.h"
#include "document.h"
#include "document_internal.h"
#include "util.h"
#include "workflow.h"

const char *doc_sql(const char *const table[DOC_NBY], const struct user *u)
{
    if (u->roles & ROLE_ENT_MAIN)
        return table[DOC_BY_MAIN];
    if (u->roles & ROLE_ENT_SUB)
        return table[DOC_BY_SUB];
    if (u->roles & ROLE_ENT_BASIC)
        return table[DOC_BY_BASIC];
    return table[DOC_BY_NONE];
}

void doc_page_params(struct doc_page *p, long before, int limit)
{
    snprintf(p->before, sizeof p->before, "%ld", before > 0 ? before : 0);
    snprintf(p->limit, sizeof p->limit, "%d", limit + 1);
}

void doc_who(const struct user *u, char org[24], char acc[24])
{
    if (u->org_id)
        snprintf(org, 24, "%ld", u->org_id);
    else
        org[0] = '\0';
    snprintf(acc, 24, "%ld", u->id);
}

PGresult *doc_get(const struct user *u, long doc_id)
{
    char org[24], acc[24], id[24];
    doc_who(u, org, acc);
    snprintf(id, sizeof id, "%ld", doc_id);
    const char *v[3] = {org[0] ? org : NULL, acc, id};
    /* Not scoped: doc_access decides on these facts (and answers 404 for another's). */
    return db_exec(WITH_P "SELECT d.id, d.kind, d.state, d.version, d.row_version, d.blob_sha256, d.file_name, d.token,"
                          " coalesce(a.org_id, 0) AS org_id, coalesce(a.applicant_id, d.account_id) AS applicant_id,"
                          " (EXISTS (SELECT 1 FROM account_equipment ae WHERE ae.account_id = p.acc"
                          "   AND ae.equipment_id = r.equipment_id))::int AS device_assigned,"
                          " (coalesce(f.state, '') = 'paid')::int AS paid,"
                          " " ARREARS_APPROVED " AS arrears_approved,"
                          " coalesce(r.id, 0) AS report_id, coalesce(r.number, '') AS report_no,"
                          " coalesce(f.number, '') AS fee_order_no, coalesce(f.amount_fen, 0) AS amount_fen"
                          " FROM p, document d LEFT JOIN inspection_report r ON r.id = d.report_id"
                          " LEFT JOIN application_item i ON i.id = r.item_id"
                          " LEFT JOIN inspection_application a ON a.id = i.application_id"
                          " LEFT JOIN fee_order f ON f.item_id = r.item_id"
                          " WHERE d.id = $3::bigint",
                   3, v);
}

void doc_facts_of(PGresult *res, struct doc_facts *f)
{
    f->kind = PQgetvalue(res, 0, PQfnumber(res, "kind"));
    f->org_id = atol(PQgetvalue(res, 0, PQfnumber(res, "org_id")));
    f->applicant_id = atol(PQgetvalue(res, 0, PQfnumber(res, "applicant_id")));
    f->device_assigned = atoi(PQgetvalue(res, 0, PQfnumber(res, "device_assigned")));
    f->paid = atoi(PQgetvalue(res, 0, PQfnumber(res, "paid")));
    f->arrears_approved = atoi(PQgetvalue(res, 0, PQfnumber(res, "arrears_approved")));
}

/* The issued document of a kind for report r, as an id or "". */
#define ISSUED(k)                                                                                              \
    " coalesce((SELECT d.id::text FROM document d WHERE d.report_id = r.id AND d.kind = '" k "'"              \
    "  AND d.state = 'issued'), '') AS " k "_doc"

#define MY_REPORTS_SQL(scope)                                                                                           \
    WITH_P "SELECT r.id AS report_id, r.number AS report_no, r.conclusion, r.inspection_date::text AS inspection_date," \
           " coalesce(r.next_date::text, '') AS next_date, coalesce(e.reg_code, '') AS reg_code,"                       \
           " e.name AS device_name, coalesce(e.address, '') AS address, coalesce(f.number, '') AS fee_order_no,"        \
           " coalesce(f.amount_fen, 0) AS amount_fen, (coalesce(f.state, '') = 'paid')::int AS paid,"                   \
           " " ARREARS_APPROVED " AS arrears_approved," ISSUED("report") "," ISSUED("notice") "," ISSUED("label") ","   \
           " coalesce((SELECT n.kind FROM inspection_notice n WHERE n.report_id = r.id), '') AS notice_kind"            \
    FROM_REPORT " WHERE " scope " AND ($3::bigint = 0 OR r.id < $3::bigint)"                                            \
                " AND ($4 = '' OR strpos(r.number, $4) > 0 OR strpos(coalesce(e.reg_code, ''), $4) > 0"                 \
                "  OR strpos(e.name, $4) > 0)"                                                                          \
                " AND ($5 = '' OR r.conclusion = $5)"                                                                   \
                " AND ($6 = '' OR ($6 = 'yes') = (coalesce(f.state, '') = 'paid'))"                                     \
                " ORDER BY r.id DESC LIMIT $7::int"
static const char *const MY_REPORTS[DOC_NBY] = DOC_SCOPED(MY_REPORTS_SQL);

PGresult *doc_my_reports(const struct user *u, const struct doc_filter *f, long before, int limit)
{
    char org[24], acc[24];
    struct doc_page pg;
    doc_who(u, org, acc);
    doc_page_params(&pg, before, limit);
    const char *v[7] = {org[0] ? org : NULL, acc, pg.before, f->q, f->conclusion, f->paid, pg.limit};
    return db_exec(doc_sql(MY_REPORTS, u), 7, v);
}

#define MY_NOTICES_SQL(scope)                                                                                     \
    WITH_P "SELECT n.id AS notice_id, n.number AS notice_no, n.kind, coalesce(n.deadline::text, '') AS deadline," \
           " r.number AS report_no, coalesce(e.reg_code, '') AS reg_code, e.name AS device_name,"                 \
           " coalesce((SELECT d.id::text FROM document d WHERE d.notice_id = n.id AND d.state = 'issued'), '')"   \
           "  AS notice_doc, to_char(n.created_at, 'YYYY-MM-DD') AS created"                                      \
    FROM_REPORT " JOIN inspection_notice n ON n.report_id = r.id"                                                 \
                " WHERE " scope " AND ($3::bigint = 0 OR n.id < $3::bigint)"                                      \
                " AND ($4 = '' OR strpos(n.number, $4) > 0 OR strpos(r.number, $4) > 0"                           \
                "  OR strpos(coalesce(e.reg_code, ''), $4) > 0 OR strpos(e.name, $4) > 0)"                        \
                " ORDER BY n.id DESC LIMIT $5::int"
static const char *const MY_NOTICES[DOC_NBY] = DOC_SCOPED(MY_NOTICES_SQL);

PGresult *doc_my_notices(const struct user *u, const char *q, long before, int limit)
{
    char org[24], acc[24];
    struct doc_page pg;
    doc_who(u, org, acc);
    doc_page_params(&pg, before, limit);
    const char *v[5] = {org[0] ? org : NULL, acc, pg.before, q ? q : "", pg.limit};
    return db_exec(doc_sql(MY_NOTICES, u), 5, v);
}

PGresult *doc_agency_list(const struct user *u, const char *report_no, long before, int limit)
{
    char org[24];
    struct doc_page pg;
    snprintf(org, sizeof org, "%ld", u->org_id);
    doc_page_params(&pg, before, limit);
    const char *v[4] = {org, report_no ? report_no : "", pg.before, pg.limit};
    return db_exec("SELECT d.id, d.kind, d.version, d.state, d.row_version, r.number AS report_no,"
                   " coalesce(o.name, ac.name) AS org_name, to_char(d.created_at, 'YYYY-MM-DD HH24:MI') AS created,"
                   " coalesce(d.state_reason, '') AS state_reason"
                   " FROM document d JOIN inspection_report r ON r.id = d.report_id"
                   " JOIN application_item i ON i.id = r.item_id JOIN inspection_application a ON a.id = i.application_id"
                   " LEFT JOIN org o ON o.id = a.org_id JOIN account ac ON ac.id = a.applicant_id, org ag"
                   " WHERE ag.id = $1::bigint AND ag.kind = 'agency' AND agency_region(a.district) = agency_region(ag.district)"
                   " AND ($2 = '' OR strpos(r.number, $2) > 0) AND ($3::bigint = 0 OR d.id < $3::bigint)"
                   " ORDER BY d.id DESC LIMIT $4::int",
                   4, v);
}

/* The voucher's lines: the reports of $3 that u sees. */
#define VOUCHER_SQL(scope)                                                                                  \
    WITH_P "SELECT r.number, e.name, coalesce(e.reg_code, ''), uo.name,"                                    \
           " coalesce((SELECT ag.name FROM org ag WHERE ag.kind = 'agency'"                                 \
           "   AND agency_region(ag.district) = agency_region(a.district) ORDER BY ag.id LIMIT 1), '检验机构')" \
    FROM_REPORT " JOIN org uo ON uo.id = e.use_org_id"                                                      \
                " WHERE " scope " AND r.id = ANY ($3::bigint[]) ORDER BY r.id"
static const char *const VOUCHER[DOC_NBY] = DOC_SCOPED(VOUCHER_SQL);

int doc_voucher(const struct user *u, const long *ids, int n, const char *ip, long *doc_id)
{
    char org[24], acc[24], arr[2048], token[33], url[400], hex[65];
    struct doc_voucher_line *lines = NULL;
    unsigned char *pdf = NULL, digest[SHA256_DIGEST_LENGTH];
    size_t len = 0, o = 0;
    PGresult *res = NULL, *no = NULL, *ins = NULL;
    int rc = DOC_ERROR;

    if (n <= 0 || n > 100)
        return DOC_REFUSED;
    arr[o++] = '{';
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(arr + o, sizeof arr - o, "%s%ld", i ? "," : "", ids[i]);
    snprintf(arr + o, sizeof arr - o, "}");
    doc_who(u, org, acc);
    const char *v[3] = {org[0] ? org : NULL, acc, arr};
    if (db_begin())
        return DOC_ERROR;
    res = db_exec(doc_sql(VOUCHER, u), 3, v);
    if (!res)
        goto out;
    if (PQntuples(res) != n) { /* one of them is not the user's (or listed twice) */
        rc = DOC_REFUSED;
        goto out;
    }
    if (!(lines = calloc((size_t)n, sizeof *lines)))
        goto out;
    for (int i = 0; i < n; i++)
        lines[i] = (struct doc_voucher_line){PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
                                             PQgetvalue(res, i, 3)};
    no = db_exec("SELECT 'LQ' || to_char(now(), 'YYYYMMDD') || '-' || lpad(nextval('pickup_voucher_serial')::text, 6, '0'),"
                 " to_char(now(), 'YYYY-MM-DD HH24:MI')",
                 0, NULL);
    if (!no || random_hex(16, token))
        goto out;
    snprintf(url, sizeof url, "%s/verify/%s", doc_public_url(), token);
    if (doc_pdf_voucher(PQgetvalue(no, 0, 0), u->login, PQgetvalue(res, 0, 4), "客户服务大厅报告发放窗口",
                        PQgetvalue(no, 0, 1), lines, n, url, &pdf, &len))
        goto out;
    SHA256(pdf, len, digest);
    if (blob_put(pdf, len, "application/pdf", hex))
        goto out;
    char name[96];
    snprintf(name, sizeof name, "报告领取凭证-%s.pdf", PQgetvalue(no, 0, 0));
    const char *iv[7] = {PQgetvalue(no, 0, 0), acc, arr, hex, name, token, (const char *)digest};
    int lens[7] = {0, 0, 0, 0, 0, 0, SHA256_DIGEST_LENGTH}, fmts[7] = {0, 0, 0, 0, 0, 0, 1};
    ins = db_exec_bin("INSERT INTO document (kind, voucher_no, account_id, report_ids, blob_sha256, file_name, token,"
                      " issued_by, sha256) VALUES ('voucher', $1, $2::bigint, $3::bigint[], $4, $5, $6, $2::bigint, $7)"
                      " RETURNING id",
                      7, iv, lens, fmts, 0);
    if (!ins || PQntuples(ins) != 1)
        goto out;
    *doc_id = atol(PQgetvalue(ins, 0, 0));
    struct wf_move m = {&WF_DOCUMENT, workflow_find(&WF_DOCUMENT, "", "issue"), *doc_id, u, name, ip};
    if (workflow_record(&m) || db_commit())
        goto out;
    rc = DOC_DONE;
out:
    if (rc != DOC_DONE)
        db_rollback();
    PQclear(ins);
    PQclear(no);
    PQclear(res);
    free(lines);
    free(pdf);
    return rc;
}

#define PUBLIC_COLS                                                                                            \
    "SELECT d.kind, d.state, d.version, coalesce(r.number, d.voucher_no) AS report_no,"                        \
    " coalesce((SELECT ag.name FROM account x JOIN org ag ON ag.id = x.org_id WHERE x.id = d.issued_by"       \
    "   AND ag.kind = 'agency'), '') AS issuer,"                                                               \
    " coalesce(d.state_reason, '') AS state_reason, coalesce(to_char(d.state_at, 'YYYY-MM-DD HH24:MI'), '') AS state_at,"    \
    " encode(d.sha256, 'hex') AS sha256, to_char(d.created_at, 'YYYY-MM-DD HH24:MI:SS') AS created,"         \
    " coalesce(e.name, '') AS device_name, coalesce(e.reg_code, '') AS reg_code,"                              \
    " (EXISTS (SELECT 1 FROM document n WHERE n.kind = d.kind AND n.report_id = d.report_id"                  \
    "   AND n.version > d.version))::int AS newer"                                                              \
    " FROM document d LEFT JOIN inspection_report r ON r.id = d.report_id LEFT JOIN equipment e ON e.id = r.equipment_id"

PGresult *doc_by_token(const char *token)
{
    const char *v[1] = {token};
    return db_exec(PUBLIC_COLS " WHERE d.token = $1", 1, v);
}

PGresult *doc_by_sha256(const unsigned char sha[32])
{
    const char *v[1] = {(const char *)sha};
    int lens[1] = {32}, fmts[1] = {1};
    return db_exec_bin(PUBLIC_COLS " WHERE d.sha256 = $1 ORDER BY d.id DESC LIMIT 1", 1, v, lens, fmts, 0);
}

PGresult *doc_by_report_no(const char *number)
{
    const char *v[1] = {number};
    return db_exec(PUBLIC_COLS " WHERE d.kind = 'report' AND r.number = $1 ORDER BY d.version DESC LIMIT 1", 1, v);
}

int doc_bytes_by_token(const char *token, char **data, size_t *len)
{
    char sha[65], mime[64];
    const char *v[1] = {token};
    int found = db_text("SELECT blob_sha256 FROM document WHERE token = $1", 1, v, sha, sizeof sha);
    if (found <= 0)
        return found;
    return blob_get(sha, data, len, mime, sizeof mime);
}
