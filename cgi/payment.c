/* payment.c — 收费登记: the agency's cashier finds fee orders of its region by number or
 * unit and records a counter payment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "inspection_pages.h"
#include "routes.h"
#include "workflow.h"

#define PAGE 20

int pay_index(struct req *r)
{
    const char *q = req_param(r, "q");
    char key[64];
    PGresult *res;
    int n;

    if (q && strlen(q) > 60)
        q = "";
    res = pay_find(&r->user, q, insp_after_param(r), PAGE);
    n = req_rows(r, "Orders", res);
    if (n > 0)
        insp_label_rows(r, "Orders", res, n);
    for (int i = 0; i < n && i < PAGE; i++) {
        const char *m = pay_method_label(PQgetvalue(res, i, PQfnumber(res, "method")));
        snprintf(key, sizeof key, "Orders.%d.state_label", i);
        req_set(r, key, workflow_label(&WF_FEE_ORDER, PQgetvalue(res, i, PQfnumber(res, "state"))));
        snprintf(key, sizeof key, "Orders.%d.method_label", i);
        req_set(r, key, m ? m : "");
    }
    if (n >= 0)
        insp_page_rows(r, "Orders", res, n, PAGE, "id");
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Filter.q", q ? q : "");
    req_set(r, "Filter.After", req_param(r, "after") ? "1" : "");
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", "收费已登记，缴费单已标记为已缴费，企业可下载电子报告。");
    req_set(r, "Page.Title", "收费登记");
    return req_page(r, "payment/index.cs");
}

int pay_record_post(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *version = req_param(r, "version"), *msg = NULL;
    struct pay_input in = {req_param(r, "amount"), req_param(r, "method"), req_param(r, "receipt_no")};
    char loc[96];
    int rc;

    if (!id)
        return 404;
    if (!version)
        return 400;
    rc = pay_record(&r->user, id, atoi(version), &in, req_ip(r), &msg);
    if (rc == DOC_REFUSED) {
        req_set(r, "Errors.id", req_route_param(r, 0));
        req_set(r, "Errors.msg", msg);
        req_set(r, "Typed.amount", in.amount ? in.amount : "");
        req_set(r, "Typed.method", in.method ? in.method : "");
        req_set(r, "Typed.receipt_no", in.receipt_no ? in.receipt_no : "");
        return pay_index(r);
    }
    if (rc == DOC_STALE)
        return req_fail(r, 409, "已被他人处理，请刷新后查看。");
    if (rc == DOC_NOT_FOUND)
        return 404;
    if (rc != DOC_DONE)
        return 500;
    snprintf(loc, sizeof loc, "/agency/payments?msg=paid&q=");
    return req_redirect(r, loc);
}
