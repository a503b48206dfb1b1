/* review.c — /review/registrations: the reviewer's queue, a registration's details and
 * documents, and the approve / reject decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "org.h"
#include "registration.h"
#include "routes.h"

int review_registrations(struct req *r)
{
    const char *state = req_param(r, "state");
    PGresult *res;
    int n;

    if (!state || (strcmp(state, "pending") && strcmp(state, "active") && strcmp(state, "rejected")))
        state = "pending";
    res = registration_list(state);
    n = req_rows(r, "Registrations", res);
    PQclear(res);
    if (n < 0)
        return 500;
    req_set_int(r, "Registrations.Count", n); /* the template skips this child (no id) */
    req_set(r, "Filter.State", state);
    req_set(r, "Page.Title", "注册审核");
    return req_page(r, "review/list.cs");
}

static long id_param(struct req *r, int i)
{
    const char *p = req_route_param(r, i);
    long id = p ? atol(p) : 0;
    return id > 0 ? id : 0;
}

int review_registration(struct req *r)
{
    long id = id_param(r, 0);
    PGresult *res;
    int n;

    if (!id)
        return 404;
    res = registration_get(id);
    n = req_rows(r, "Reg", res);
    PQclear(res);
    if (n < 0)
        return 500;
    if (n != 1)
        return 404;
    res = registration_documents(id);
    n = req_rows(r, "Docs", res);
    PQclear(res);
    if (n < 0)
        return 500;
    res = workflow_history("registration", id);
    n = req_rows(r, "History", res);
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Page.Title", "注册审核");
    return req_page(r, "review/detail.cs");
}

int review_document(struct req *r)
{
    long org = id_param(r, 0), doc = id_param(r, 1);
    char sha[65];
    int found;

    if (!org || !doc)
        return 404;
    found = registration_document_blob(org, doc, sha);
    if (found <= 0)
        return found < 0 ? 500 : 404;
    return req_blob_attachment(r, sha);
}

int review_decide(struct req *r)
{
    long id = id_param(r, 0);
    const char *action = req_param(r, "action"), *reason = req_param(r, "reason");
    const char *version = req_param(r, "version");
    int approve, rc;
    char loc[64];

    if (!id || !action || !version)
        return 400;
    approve = strcmp(action, "approve") == 0;
    if (!approve && strcmp(action, "reject") != 0)
        return 400;
    if (!approve && (!reason || !*reason)) {
        req_set(r, "Errors.reason", "退回注册必须写明原因，例如“营业执照照片不清晰”。");
        return review_registration(r);
    }
    rc = registration_decide(&r->user, id, atoi(version), approve, reason, req_ip(r));
    if (rc < 0)
        return 500;
    if (rc == 0)
        return req_fail(r, 409, "该注册申请已被他人处理，请刷新后查看。");
    snprintf(loc, sizeof loc, "/review/registrations/%ld", id);
    return req_redirect(r, loc);
}

/* Name / credit-code changes of certified units. */
int review_org_changes(struct req *r)
{
    PGresult *res = org_changes_open();
    int n = req_rows(r, "Changes", res);

    PQclear(res);
    if (n < 0)
        return 500;
    req_set_int(r, "Changes.Count", n); /* the template skips this child (no id) */
    req_set(r, "Page.Title", "单位信息变更审核");
    return req_page(r, "review/org_changes.cs");
}

int review_org_change_decide(struct req *r)
{
    long id = id_param(r, 0);
    const char *action = req_param(r, "action"), *reason = req_param(r, "reason");
    const char *version = req_param(r, "version");
    int approve, rc;

    if (!id || !action || !version)
        return 400;
    approve = strcmp(action, "approve") == 0;
    if (!approve && strcmp(action, "reject") != 0)
        return 400;
    if (!approve && (!reason || !*reason))
        return req_fail(r, 400, "退回变更必须写明原因。");
    rc = org_change_decide(&r->user, id, atoi(version), approve, reason, req_ip(r));
    if (rc < 0)
        return 500;
    if (rc == 0)
        return req_fail(r, 409, "该变更已被他人处理，请刷新后查看。");
    return req_redirect(r, "/review/org-changes");
}
