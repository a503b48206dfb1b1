/* arrears.c — 欠费申请: a certified unit's applications with the form (unpaid fee orders
 * to tick, reason, promised date), and the agency's review queue with approve / reject. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "document_pages.h"
#include "inspection_pages.h"
#include "routes.h"
#include "workflow.h"


int arrears_index(struct req *r)
{
    PGresult *res = arrears_open_orders(&r->user);
    int n = req_rows(r, "Orders", res);

    if (n > 0)
        insp_label_rows(r, "Orders", res, n);
    PQclear(res);
    if (n < 0)
        return 500;
    res = arrears_mine(&r->user, insp_after_param(r), DOC_PAGE);
    n = doc_list_rows(r, "Apps", res, &WF_ARREARS, "id");
    PQclear(res);
    if (n < 0)
        return 500;
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", "欠费申请已提交，检验机构审核同意后即可下载对应的电子报告。");
    req_set(r, "Page.Title", "欠费申请");
    return req_page(r, "arrears/index.cs");
}

int arrears_submit_post(struct req *r)
{
    const char *vals[101], *msg = NULL;
    long ids[100];
    char key[48];
    int n = req_values(r, "order", vals, 101), rc;

    if (n > 100)
        n = 101; /* refused below */
    for (int i = 0; i < n && i < 100; i++)
        ids[i] = atol(vals[i]);
    struct arrears_input in = {ids, n, req_param(r, "reason"), req_param(r, "promised_date")};
    rc = arrears_submit(&r->user, &in, req_ip(r), &msg);
    if (rc == DOC_REFUSED) {
        req_set(r, "Errors.form", msg);
        req_set(r, "Typed.reason", in.reason ? in.reason : "");
        req_set(r, "Typed.promised_date", in.promised_date ? in.promised_date : "");
        for (int i = 0; i < n && i < 100; i++) {
            snprintf(key, sizeof key, "Typed.order.%ld", ids[i]);
            req_set(r, key, "1");
        }
        return arrears_index(r);
    }
    if (rc != DOC_DONE)
        return 500;
    return req_redirect(r, "/arrears?msg=submitted");
}

int arrears_agency_index(struct req *r)
{
    const char *state = req_param(r, "state");
    PGresult *res;
    int n;

    if (!state || (strcmp(state, "approved") && strcmp(state, "rejected")))
        state = "submitted";
    res = arrears_queue(&r->user, state, insp_after_param(r), DOC_PAGE);
    n = doc_list_rows(r, "Apps", res, &WF_ARREARS, "id");
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Filter.state", state);
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", !strcmp(req_param(r, "msg"), "approved") ? "已同意，企业现在可以下载对应的电子报告。"
                                                                          : "已驳回，驳回原因企业可在欠费申请中查看。");
    req_set(r, "Page.Title", "欠费审核");
    return req_page(r, "arrears/agency.cs");
}

int arrears_decide_post(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *version = req_param(r, "version"), *decision = req_param(r, "decision");
    int approve = decision && !strcmp(decision, "approve"), rc;

    if (!id)
        return 404;
    if (!version || !decision || (!approve && strcmp(decision, "reject")))
        return 400;
    rc = arrears_decide(&r->user, id, atoi(version), approve, req_param(r, "reason"), req_ip(r));
    if (rc == DOC_REFUSED) {
        req_set(r, "Errors.id", req_route_param(r, 0));
        req_set(r, "Errors.reason", "驳回须填写原因。");
        return arrears_agency_index(r);
    }
    if (rc != DOC_DONE)
        return doc_fail_status(r, rc);
    return req_redirect(r, approve ? "/agency/arrears?msg=approved" : "/agency/arrears?msg=rejected");
}
