/* review.c — /review/registrations: the reviewer's queue, a registration's details and
 * documents, and the approve / reject decision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "db.h"
#include "org.h"
#include "registration.h"
#include "routes.h"

int review_registrations(struct req *r)
{
    const char *state = req_param(r, "state");
    if (!state || (strcmp(state, "pending") && strcmp(state, "active") && strcmp(state, "rejected")))
        state = "pending";
    const char *v[1] = {state};
    int n = req_query(r, "Registrations", "SELECT o.id, o.name, o.credit_code, array_to_string(o.unit_types, ',') AS unit_types,"
                            " o.province, to_char(o.created_at, 'YYYY-MM-DD HH24:MI') AS created,"
                            " coalesce(a.name, '') AS registrant, coalesce(a.mobile, '') AS mobile"
                            " FROM org o LEFT JOIN account a ON a.org_id = o.id AND 'ent_main' = ANY (a.roles)"
                            " WHERE o.kind = 'enterprise' AND o.certified AND o.state = $1"
                            " ORDER BY o.created_at LIMIT 200",
                            1, v, NULL);
    if (n < 0)
        return 500;
    req_set_int(r, "Registrations.Count", n);
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
    char idbuf[24];
    const char *v[1] = {idbuf};
    int n;

    if (!id)
        return 404;
    snprintf(idbuf, sizeof idbuf, "%ld", id);
    n = req_query(r, "Reg", "SELECT o.id, o.name, o.credit_code, array_to_string(o.unit_types, ',') AS unit_types,"
                  " o.province, o.address, o.legal_rep, o.industry, o.state, o.version,"
                  " coalesce(o.reject_reason, '') AS reject_reason,"
                  " to_char(o.created_at, 'YYYY-MM-DD HH24:MI') AS created,"
                  " coalesce(a.name, '') AS registrant, coalesce(a.mobile, '') AS mobile,"
                  " coalesce(a.email, '') AS email, coalesce(a.login, '') AS login"
                  " FROM org o LEFT JOIN account a ON a.org_id = o.id AND 'ent_main' = ANY (a.roles)"
                  " WHERE o.id = $1 AND o.kind = 'enterprise' AND o.certified",
                  1, v, NULL);
    if (n < 0)
        return 500;
    if (n != 1)
        return 404;
    if (req_query(r, "Docs", "SELECT id, kind, file_name FROM org_document WHERE org_id = $1 ORDER BY id",
                  1, v, NULL) < 0 ||
        req_query(r, "History", "SELECT to_char(w.at, 'YYYY-MM-DD HH24:MI') AS at, w.event, coalesce(w.from_state, '') AS from_state,"
                  " w.to_state, coalesce(w.reason, '') AS reason, coalesce(a.name, '') AS actor"
                  " FROM workflow_event w LEFT JOIN account a ON a.id = w.actor_id"
                  " WHERE w.kind = 'registration' AND w.entity_id = $1 ORDER BY w.at",
                  1, v, NULL) < 0)
        return 500;
    req_set(r, "Page.Title", "注册审核");
    return req_page(r, "review/detail.cs");
}

int review_document(struct req *r)
{
    long org = id_param(r, 0), doc = id_param(r, 1);
    char o[24], d[24], *data = NULL, mime[128];
    size_t len = 0;
    PGresult *res;
    int found, status;

    if (!org || !doc)
        return 404;
    snprintf(o, sizeof o, "%ld", org);
    snprintf(d, sizeof d, "%ld", doc);
    const char *v[2] = {o, d};
    res = db_exec("SELECT blob_sha256, file_name FROM org_document WHERE org_id = $1 AND id = $2", 2, v);
    if (!res)
        return 500;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return 404;
    }
    found = blob_get(PQgetvalue(res, 0, 0), &data, &len, mime, sizeof mime);
    PQclear(res);
    if (found <= 0)
        return found < 0 ? 500 : 404;
    /* Served as an attachment under a fixed name: nothing the uploader chose reaches
     * the header, and nosniff keeps the browser from reinterpreting the bytes. */
    req_header(r, "Content-Disposition", strcmp(mime, "application/pdf") == 0
                                             ? "attachment; filename=\"document.pdf\""
                                             : "attachment; filename=\"document\"");
    status = req_body(r, mime, data, len);
    free(data);
    return status;
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
    char key[96];

    if (!res)
        return 500;
    for (int i = 0; i < PQntuples(res); i++)
        for (int c = 0; c < PQnfields(res); c++) {
            snprintf(key, sizeof key, "Changes.%d.%s", i, PQfname(res, c));
            req_set(r, key, PQgetvalue(res, i, c));
        }
    req_set_int(r, "Changes.Count", PQntuples(res));
    PQclear(res);
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
