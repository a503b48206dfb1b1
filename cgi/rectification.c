/* rectification.c — 整改: one unqualified notice with its numbered items, evidence upload
 * per item and submit (the unit); the agency's review queue, detail and decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "document_pages.h"
#include "inspection_pages.h"
#include "rectification.h"
#include "routes.h"
#include "upload.h"
#include "workflow.h"

#define FILE_MAX (5u * 1024 * 1024)

/* The notice get(user, id) finds, its items and files, labels, into the HDF: 200, 404
 * (not in the user's scope) or 500. */
static int detail_hdf(struct req *r, PGresult *(*get)(const struct user *, long), long id)
{
    PGresult *res = get(&r->user, id), *items, *files;
    char key[64];
    long notice;
    int n, m;

    if (!res || PQntuples(res) != 1) {
        n = res ? 404 : 500;
        PQclear(res);
        return n;
    }
    notice = atol(PQgetvalue(res, 0, PQfnumber(res, "notice_id")));
    req_row(r, "Notice", res, 0);
    req_set(r, "Notice.state_label", *PQgetvalue(res, 0, PQfnumber(res, "rect_state"))
                                         ? workflow_label(&WF_RECTIFICATION, PQgetvalue(res, 0, PQfnumber(res, "rect_state")))
                                         : "待整改");
    items = rect_items(notice);
    n = req_rows(r, "Items", items);
    files = rect_files(notice);
    m = req_rows(r, "Files", files);
    /* Each file under its item: Items.N.Files.K = file row index. */
    for (int i = 0; i < n && m > 0; i++)
        for (int k = 0, c = 0; k < m; k++)
            if (!strcmp(PQgetvalue(items, i, 0), PQgetvalue(files, k, 1))) {
                snprintf(key, sizeof key, "Items.%d.Files.%d", i, c++);
                req_set_int(r, key, k);
            }
    PQclear(items);
    PQclear(files);
    PQclear(res);
    return n < 0 || m < 0 ? 500 : 200;
}

static int enterprise_page(struct req *r, long id)
{
    int rc = detail_hdf(r, rect_notice, id);

    if (rc != 200)
        return rc;
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", !strcmp(req_param(r, "msg"), "submitted") ? "整改材料已提交，等待检验机构审核。"
                                                                          : "文件已上传。");
    req_set(r, "Page.Title", "不合格整改");
    return req_page(r, "rectification/notice.cs");
}

int rect_show(struct req *r)
{
    long id = insp_id_param(r, 0);
    return id ? enterprise_page(r, id) : 404;
}

int rect_upload_post(struct req *r)
{
    long id = insp_id_param(r, 0);
    const struct mp_part *f = req_upload(r, "file");
    const char *item = req_param(r, "item"), *msg;
    char mime[64], loc[64];
    int rc;

    if (!id)
        return 404;
    if (!item || atol(item) <= 0) {
        req_set(r, "Errors.upload", "请选择对应的不合格项。");
        return enterprise_page(r, id);
    }
    if (!f || upload_check(f->data, f->len, FILE_MAX, UPLOAD_DOCUMENT_TYPES, mime, &msg)) {
        req_set(r, "Errors.upload", f ? msg : "请选择要上传的整改材料（PDF、JPG 或 PNG）。");
        req_set(r, "Errors.item", item);
        return enterprise_page(r, id);
    }
    rc = rect_upload(&r->user, id, atol(item), f->data, f->len, mime, f->filename[0] ? f->filename : "整改材料", req_ip(r));
    if (rc == DOC_STALE)
        return req_fail(r, 409, "整改材料已提交或已审核，不能再上传。请刷新后查看。");
    if (rc == DOC_NOT_FOUND)
        return 404;
    if (rc != DOC_DONE)
        return 500;
    snprintf(loc, sizeof loc, "/notices/%ld?msg=uploaded", id);
    return req_redirect(r, loc);
}

int rect_submit_post(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *version = req_param(r, "version"), *msg = NULL;
    char loc[64];
    int rc;

    if (!id)
        return 404;
    /* No version: the scope answers first (404), then the compare-and-set (409). */
    rc = rect_submit(&r->user, id, version ? atoi(version) : -1, req_ip(r), &msg);
    if (rc == DOC_REFUSED) {
        req_set(r, "Errors.submit", msg);
        return enterprise_page(r, id);
    }
    if (rc != DOC_DONE)
        return doc_fail_status(r, rc);
    snprintf(loc, sizeof loc, "/notices/%ld?msg=submitted", id);
    return req_redirect(r, loc);
}

/* An evidence file of notice_id, which the caller found in the user's scope. */
static int send_file(struct req *r, long notice_id)
{
    long file = insp_id_param(r, 1);
    char sha[65];
    int found = file ? rect_file_blob(notice_id, file, sha) : 0;
    return found < 0 ? 500 : found == 0 ? 404 : req_blob_attachment(r, sha);
}

int rect_file_get(struct req *r)
{
    long id = insp_id_param(r, 0);
    PGresult *res = id ? rect_notice(&r->user, id) : NULL;
    int n = res ? PQntuples(res) : -1;
    PQclear(res);
    return !id || n == 0 ? 404 : n < 0 ? 500 : send_file(r, id);
}

/* ---- the agency ------------------------------------------------------------------------ */

int rect_agency_index(struct req *r)
{
    const char *state = req_param(r, "state");
    PGresult *res;
    int n;

    if (!state || (strcmp(state, "accepted") && strcmp(state, "returned")))
        state = "submitted";
    res = rect_queue(&r->user, state, insp_after_param(r), DOC_PAGE);
    n = doc_list_rows(r, "Rects", res, &WF_RECTIFICATION, "rect_id");
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Filter.state", state);
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", !strcmp(req_param(r, "msg"), "accepted") ? "整改合格：设备检验结论已更新为复检合格。"
                                                                          : "已退回整改，退回原因企业可在通知书页面查看。");
    req_set(r, "Page.Title", "整改审核");
    return req_page(r, "rectification/queue.cs");
}

static int agency_page(struct req *r, long id)
{
    int rc = detail_hdf(r, rect_agency_get, id);

    if (rc != 200)
        return rc;
    req_set(r, "Agency", "1");
    req_set(r, "Page.Title", "整改审核");
    return req_page(r, "rectification/notice.cs");
}

int rect_agency_show(struct req *r)
{
    long id = insp_id_param(r, 0);
    return id ? agency_page(r, id) : 404;
}

int rect_agency_file(struct req *r)
{
    long id = insp_id_param(r, 0);
    PGresult *res = id ? rect_agency_get(&r->user, id) : NULL;
    long notice = res && PQntuples(res) == 1 ? atol(PQgetvalue(res, 0, PQfnumber(res, "notice_id"))) : 0;
    int ok = res != NULL;
    PQclear(res);
    return !ok && id ? 500 : notice ? send_file(r, notice) : 404;
}

int rect_decide_post(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *version = req_param(r, "version"), *decision = req_param(r, "decision");
    int accept = decision && !strcmp(decision, "accept"), rc;

    if (!id)
        return 404;
    if (!version || !decision || (!accept && strcmp(decision, "return")))
        return 400;
    rc = rect_decide(&r->user, id, atoi(version), accept, req_param(r, "reason"), req_ip(r));
    if (rc == DOC_REFUSED) {
        req_set(r, "Errors.reason", "退回须填写原因。");
        return agency_page(r, id);
    }
    if (rc != DOC_DONE)
        return doc_fail_status(r, rc);
    return req_redirect(r, accept ? "/agency/rectifications?msg=accepted" : "/agency/rectifications?msg=returned");
}
