/* admin.c — /admin: users (search, freeze, unfreeze), audit log, outbox. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "login.h"
#include "outbox.h"
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

/* Rows of res into prefix.*, with the pager from its total column. -1 when res is NULL. */
static int page_rows(struct req *r, const char *prefix, long page, PGresult *res)
{
    int n = req_rows(r, prefix, res);
    if (n >= 0)
        pager_hdf(r, page, res);
    PQclear(res);
    return n;
}

int admin_users(struct req *r)
{
    const char *q = req_param(r, "q");
    long page = page_param(r);

    if (page_rows(r, "Users", page, account_search(q, PAGE_SIZE, (page - 1) * PAGE_SIZE)) < 0)
        return 500;
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

    if (page_rows(r, "Audit", page, audit_page(PAGE_SIZE, (page - 1) * PAGE_SIZE)) < 0)
        return 500;
    req_set(r, "Page.Title", "审计日志");
    return req_page(r, "admin/audit.cs");
}

/* Recent messages, so a demo's SMS codes can be read without a gateway. */
int admin_outbox(struct req *r)
{
    PGresult *res = outbox_recent(50);
    int n = req_rows(r, "Outbox", res);

    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Page.Title", "消息发送记录");
    return req_page(r, "admin/outbox.cs");
}
