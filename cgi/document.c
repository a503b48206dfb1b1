/* document.c — documents pages: 我的报告 (list, filters, paging, select → pickup voucher),
 * 我的通知书, the download of one document (doc_access decides), and the agency's
 * re-issue / revoke page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "document.h"
#include "document_pages.h"
#include "fee.h"
#include "inspection_pages.h"
#include "routes.h"
#include "util.h"
#include "workflow.h"

#define PAGE DOC_PAGE

int doc_fail_status(struct req *r, int rc)
{
    return rc == DOC_STALE ? req_fail(r, 409, DOC_STALE_MSG) : rc == DOC_NOT_FOUND ? 404 : 500;
}

int doc_list_rows(struct req *r, const char *prefix, PGresult *res, const struct workflow *wf, const char *idcol)
{
    char key[96];
    int n = req_rows(r, prefix, res);

    if (n < 0)
        return -1;
    if (n > 0)
        insp_label_rows(r, prefix, res, n);
    for (int i = 0; wf && i < n && i < DOC_PAGE; i++) {
        snprintf(key, sizeof key, "%s.%d.state_label", prefix, i);
        req_set(r, key, workflow_label(wf, PQgetvalue(res, i, PQfnumber(res, "state"))));
    }
    req_set(r, "Filter.After", req_param(r, "after") ? "1" : "");
    return insp_page_rows(r, prefix, res, n, DOC_PAGE, idcol);
}

static void copy_param(struct req *r, const char *name, char *out, size_t cap)
{
    const char *v = req_param(r, name);
    snprintf(out, cap, "%s", v && strlen(v) < cap ? v : "");
}

int doc_reports(struct req *r)
{
    struct doc_filter f;
    PGresult *res;
    int n;

    copy_param(r, "q", f.q, sizeof f.q);
    copy_param(r, "conclusion", f.conclusion, sizeof f.conclusion);
    if (strcmp(f.conclusion, "qualified") && strcmp(f.conclusion, "unqualified") && strcmp(f.conclusion, "requalified"))
        f.conclusion[0] = '\0';
    copy_param(r, "paid", f.paid, sizeof f.paid);
    if (strcmp(f.paid, "yes") && strcmp(f.paid, "no"))
        f.paid[0] = '\0';
    res = doc_my_reports(&r->user, &f, insp_after_param(r), PAGE);
    n = doc_list_rows(r, "Reports", res, NULL, "report_id");
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Filter.q", f.q);
    req_set(r, "Filter.conclusion", f.conclusion);
    req_set(r, "Filter.paid", f.paid);
    req_set(r, "Certified", (r->user.roles & ROLE_ENT_BASIC) ? "" : "1");
    if (req_param(r, "msg") && !strcmp(req_param(r, "msg"), "none"))
        req_set(r, "Page.Notice", "请先勾选要领取纸质报告的设备。");
    req_set(r, "Page.Title", "我的报告");
    return req_page(r, "document/reports.cs");
}

int doc_notices(struct req *r)
{
    char q[64];
    PGresult *res;
    int n;

    copy_param(r, "q", q, sizeof q);
    res = doc_my_notices(&r->user, q, insp_after_param(r), PAGE);
    n = doc_list_rows(r, "Notices", res, NULL, "notice_id");
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Filter.q", q);
    req_set(r, "Certified", (r->user.roles & ROLE_ENT_BASIC) ? "" : "1");
    req_set(r, "Page.Title", "我的通知书");
    return req_page(r, "document/notices.cs");
}

/* Sends a stored document under its own (Chinese) file name. */
static int send_document(struct req *r, const char *sha256, const char *file_name)
{
    char *data = NULL, mime[64], *disposition = NULL;
    size_t len = 0;
    int found = blob_get(sha256, &data, &len, mime, sizeof mime), rc = 500;

    if (found <= 0)
        return found < 0 ? 500 : 404;
    if (!(disposition = download_disposition(file_name)))
        goto out;
    req_header(r, "Content-Disposition", disposition);
    rc = req_body(r, "application/pdf", data, len);
out:
    free(data);
    free(disposition);
    return rc;
}

int doc_download(struct req *r)
{
    long id = insp_id_param(r, 0);
    struct doc_facts f;
    PGresult *res;
    int rc;

    if (!id)
        return 404;
    res = doc_get(&r->user, id);
    if (!res)
        return 500;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return 404;
    }
    doc_facts_of(res, &f);
    switch (doc_access(&r->user, &f)) {
    case DOC_ALLOW:
        if (strcmp(PQgetvalue(res, 0, PQfnumber(res, "state")), "issued") && strcmp(f.kind, "voucher")) {
            req_set(r, "Error.Links.0.href", "/reports");
            req_set(r, "Error.Links.0.label", "返回我的报告，下载有效版本");
            rc = req_fail(r, 410, "该文书已被撤销或已被新版本替代，不再有效。");
            break;
        }
        rc = send_document(r, PQgetvalue(res, 0, PQfnumber(res, "blob_sha256")),
                           PQgetvalue(res, 0, PQfnumber(res, "file_name")));
        break;
    case DOC_UNPAID: {
        char yuan[32], text[512];
        fee_format(atol(PQgetvalue(res, 0, PQfnumber(res, "amount_fen"))), yuan, sizeof yuan);
        snprintf(text, sizeof text,
                 "报告 %s 的检验费（缴费单 %s，%s 元）尚未缴纳。缴费后即可下载电子报告和设备标签；"
                 "如需先取报告，可提交欠费申请，经检验机构同意后下载。也可打印报告领取凭证到客服窗口领取纸质报告。",
                 PQgetvalue(res, 0, PQfnumber(res, "report_no")), PQgetvalue(res, 0, PQfnumber(res, "fee_order_no")), yuan);
        req_set(r, "Error.Links.0.href", "/reports?paid=no");
        req_set(r, "Error.Links.0.label", "查看未缴费的报告");
        req_set(r, "Error.Links.1.href", "/arrears");
        req_set(r, "Error.Links.1.label", "提交欠费申请");
        rc = req_fail(r, 403, text);
        break;
    }
    case DOC_VOUCHER_ONLY:
        req_set(r, "Error.Links.0.href", "/reports");
        req_set(r, "Error.Links.0.label", "打印报告领取凭证");
        req_set(r, "Error.Links.1.href", "/register");
        req_set(r, "Error.Links.1.label", "注册认证账号");
        rc = req_fail(r, 403, "非认证账号不能下载电子版报告，请在“我的报告”中勾选设备，打印报告领取凭证，"
                              "凭证到客服窗口领取纸质报告。");
        break;
    default:
        rc = 404;
    }
    PQclear(res);
    return rc;
}

int doc_voucher_post(struct req *r)
{
    const char *vals[101];
    long ids[100], doc = 0;
    char loc[64];
    int n = req_values(r, "report", vals, 101), rc;

    if (n == 0)
        return req_redirect(r, "/reports?msg=none");
    if (n > 100)
        return req_fail(r, 400, "一次最多选择 100 份报告。");
    for (int i = 0; i < n; i++)
        if ((ids[i] = atol(vals[i])) <= 0)
            return 404;
    rc = doc_voucher(&r->user, ids, n, req_ip(r), &doc);
    if (rc == DOC_REFUSED)
        return 404; /* one of them is not the user's */
    if (rc != DOC_DONE)
        return 500;
    snprintf(loc, sizeof loc, "/documents/%ld", doc);
    return req_redirect(r, loc);
}

/* ---- the agency ------------------------------------------------------------------------ */

int doc_agency_index(struct req *r)
{
    char q[64];
    PGresult *res;
    int n;

    copy_param(r, "q", q, sizeof q);
    res = doc_agency_list(&r->user, q, insp_after_param(r), PAGE);
    n = doc_list_rows(r, "Docs", res, &WF_DOCUMENT, "id");
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Filter.q", q);
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", !strcmp(req_param(r, "msg"), "reissued") ? "已重新出具，原版本已标记为被替代。"
                                                                          : "已撤销，验真平台将显示该文书已失效。");
    req_set(r, "Page.Title", "文书管理");
    return req_page(r, "document/agency.cs");
}

static int agency_move(struct req *r, int revoke)
{
    long id = insp_id_param(r, 0), new_id = 0;
    const char *version = req_param(r, "row_version"), *reason = req_param(r, "reason"), *msg = NULL;
    int rc;

    if (!id)
        return 404;
    if (!version)
        return 400;
    if (revoke)
        rc = doc_revoke(&r->user, id, atoi(version), reason, req_ip(r));
    else
        rc = doc_reissue(&r->user, id, atoi(version), req_ip(r), &new_id, &msg);
    if (rc == DOC_REFUSED) {
        req_set(r, "Errors.reason", "撤销须填写原因（不超过 200 字）。");
        req_set(r, "Errors.doc", req_route_param(r, 0));
        return doc_agency_index(r);
    }
    if (rc == DOC_ERROR && msg)
        return req_fail(r, 500, msg);
    if (rc != DOC_DONE)
        return doc_fail_status(r, rc);
    return req_redirect(r, revoke ? "/agency/documents?msg=revoked" : "/agency/documents?msg=reissued");
}

int doc_agency_reissue(struct req *r) { return agency_move(r, 0); }
int doc_agency_revoke(struct req *r) { return agency_move(r, 1); }
