/* admin.c — /admin: users (search, freeze, unfreeze), audit log, outbox. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "login.h"
#include "routes.h"

#define PAGE_SIZE 20

static long page_param(struct req *r)
{
    const char *p = req_param(r, "page");
    long n = p ? atol(p) : 1;
    return n < 1 ? 1 : (n > 100000 ? 100000 : n);
}

/* Pager values from a result whose rows carry count(*) OVER () AS total. */
static void pager_hdf(struct req *r, long page, PGresult *res)
{
    long total = PQntuples(res) ? atol(PQgetvalue(res, 0, PQfnumber(res, "total"))) : 0;
    req_set_int(r, "Pager.Page", page);
    req_set_int(r, "Pager.Pages", total == 0 ? 1 : (total + PAGE_SIZE - 1) / PAGE_SIZE);
    req_set_int(r, "Pager.Total", total);
}

int admin_users(struct req *r)
{
    const char *q = req_param(r, "q");
    long page = page_param(r);
    char offset[24], limit[8];
    PGresult *res;

    snprintf(offset, sizeof offset, "%ld", (page - 1) * PAGE_SIZE);
    snprintf(limit, sizeof limit, "%d", PAGE_SIZE);
    const char *v[3] = {q && *q ? q : "", limit, offset};
    /* One query for the page and the total (count(*) over ()). */
    if (req_query(r, "Users", "SELECT a.id, a.login, a.name, coalesce(a.mobile, '') AS mobile, a.state,"
                  " a.frozen::int AS frozen, a.failed_logins, array_to_string(a.roles, ',') AS roles,"
                  " coalesce(o.name, '') AS org, coalesce(to_char(a.last_login_at, 'YYYY-MM-DD HH24:MI'), '') AS last_login,"
                  " count(*) OVER () AS total"
                  " FROM account a LEFT JOIN org o ON o.id = a.org_id"
                  " WHERE $1 = '' OR a.login ILIKE '%' || $1 || '%' OR a.name ILIKE '%' || $1 || '%'"
                  " OR a.mobile LIKE '%' || $1 || '%' OR o.name ILIKE '%' || $1 || '%'"
                  " ORDER BY a.frozen DESC, a.id LIMIT $2 OFFSET $3",
                  3, v, &res) < 0)
        return 500;
    pager_hdf(r, page, res);
    PQclear(res);
    req_set(r, "Search.Q", q ? q : "");
    req_set(r, "Page.Title", "用户管理");
    return req_page(r, "admin/users.cs");
}

static int set_frozen(struct req *r, int frozen)
{
    long id = atol(req_route_param(r, 0));
    int rc;

    if (id <= 0)
        return 404;
    if (id == r->user.id && frozen)
        return req_fail(r, 409, "不能冻结自己的账号。");
    rc = account_set_frozen(&r->user, id, frozen, req_ip(r));
    if (rc < 0)
        return 500;
    if (rc == 0)
        return 404;
    return req_redirect(r, "/admin/users");
}

int admin_user_freeze(struct req *r) { return set_frozen(r, 1); }
int admin_user_unfreeze(struct req *r) { return set_frozen(r, 0); }

static int set_enabled(struct req *r, int enabled)
{
    long id = atol(req_route_param(r, 0));
    int rc;

    if (id <= 0)
        return 404;
    if (id == r->user.id && !enabled)
        return req_fail(r, 409, "不能停用自己的账号。");
    rc = account_set_enabled(&r->user, id, 0, enabled, enabled ? "account.enable" : "account.disable",
                             req_ip(r));
    if (rc < 0)
        return 500;
    if (rc == 0)
        return 404;
    return req_redirect(r, "/admin/users");
}

int admin_user_disable(struct req *r) { return set_enabled(r, 0); }
int admin_user_enable(struct req *r) { return set_enabled(r, 1); }

int admin_audit(struct req *r)
{
    long page = page_param(r);
    char offset[24], limit[8];
    PGresult *res;

    snprintf(offset, sizeof offset, "%ld", (page - 1) * PAGE_SIZE);
    snprintf(limit, sizeof limit, "%d", PAGE_SIZE);
    const char *v[2] = {limit, offset};
    if (req_query(r, "Audit", "SELECT to_char(at, 'YYYY-MM-DD HH24:MI:SS') AS at, coalesce(actor_login, '') AS actor,"
                  " action, entity_kind, entity_id, coalesce(detail, '') AS detail, coalesce(ip, '') AS ip,"
                  " count(*) OVER () AS total FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2",
                  2, v, &res) < 0)
        return 500;
    pager_hdf(r, page, res);
    PQclear(res);
    req_set(r, "Page.Title", "审计日志");
    return req_page(r, "admin/audit.cs");
}

/* Recent messages, so a demo's SMS codes can be read without a gateway. */
int admin_outbox(struct req *r)
{
    if (req_query(r, "Outbox",
                  "SELECT id, channel, recipient, body, state, attempts,"
                  " to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created,"
                  " coalesce(last_error, '') AS error"
                  " FROM outbox ORDER BY id DESC LIMIT 50",
                  0, NULL, NULL) < 0)
        return 500;
    req_set(r, "Page.Title", "消息发送记录");
    return req_page(r, "admin/outbox.cs");
}
