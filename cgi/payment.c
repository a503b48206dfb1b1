/* payment.c — 收费登记: the agency's cashier finds fee orders of its region by number or
 * unit and records a counter payment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "document_pages.h"
#include "inspection_pages.h"
#include "routes.h"
#include "workflow.h"


int pay_index(struct req *r)
{
    const char *q = req_param(r, "q");
    char key[64];
    PGresult *res;
    int n;

    if (q && strlen(q) > 60)
        q = "";
    res = pay_find(&r->user, q, insp_after_param(r), DOC_PAGE);
    n = doc_list_rows(r, "Orders", res, &WF_FEE_ORDER, "id");
    for (int i = 0; i < n; i++) {
        const char *m = pay_method_label(PQgetvalue(res, i, PQfnumber(res, "method")));
        snprintf(key, sizeof key, "Orders.%d.method_label", i);
        req_set(r, key, m ? m : "");
    }
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Filter.q", q ? q : "");
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
    if (rc != DOC_DONE)
        return doc_fail_status(r, rc);
    snprintf(loc, sizeof loc, "/agency/payments?msg=paid&q=");
    return req_redirect(r, loc);
}
