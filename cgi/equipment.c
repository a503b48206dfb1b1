/* equipment.c — /equipment: the devices a user may see (my equipment); a non-certified
 * account finds a device by exact code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equipment.h"
#include "routes.h"
#include "subaccount.h"

static const char *state_label(const char *state)
{
    if (!strcmp(state, "in_use")) return "在用";
    if (!strcmp(state, "stopped")) return "停用";
    if (!strcmp(state, "scrapped")) return "报废";
    if (!strcmp(state, "cancelled")) return "注销";
    return state;
}

/* Rows into prefix.N.*, the extra (limit+1-th) row only as "there is more". Returns the
 * last shown id (for the next page's after=), or 0. */
static long rows_hdf(struct req *r, PGresult *res, const char *prefix, int limit)
{
    char key[96];
    int n = PQntuples(res), shown = n > limit ? limit : n;
    long last = 0;

    for (int i = 0; i < shown; i++) {
        for (int c = 0; c < PQnfields(res); c++) {
            snprintf(key, sizeof key, "%s.%d.%s", prefix, i, PQfname(res, c));
            req_set(r, key, PQgetvalue(res, i, c));
        }
        snprintf(key, sizeof key, "%s.%d.state_label", prefix, i);
        req_set(r, key, state_label(PQgetvalue(res, i, PQfnumber(res, "state"))));
        last = atol(PQgetvalue(res, i, 0));
    }
    snprintf(key, sizeof key, "%s.Count", prefix);
    req_set_int(r, key, shown);
    if (n > limit) {
        snprintf(key, sizeof key, "%s.NextAfter", prefix);
        req_set_int(r, key, last);
    }
    return last;
}

static long after_param(struct req *r)
{
    const char *a = req_param(r, "after");
    long v = a ? atol(a) : 0;
    return v > 0 ? v : 0;
}

int equipment_index(struct req *r)
{
    const char *code = req_param(r, "code");
    PGresult *res;

    req_set(r, "Page.Title", "我的设备");
    if (r->user.roles & (ROLE_ENT_MAIN | ROLE_ENT_SUB)) {
        res = equipment_list(&r->user, after_param(r), EQUIPMENT_PAGE);
        if (!res)
            return 500;
        rows_hdf(r, res, "Devices", EQUIPMENT_PAGE);
        PQclear(res);
        req_set(r, "Equipment.Mode", "list");
    } else {
        /* Non-certified: exact code only, never browsing of others' equipment. */
        req_set(r, "Equipment.Mode", "lookup");
        req_set(r, "Equipment.Code", code ? code : "");
        if (code && *code) {
            if (strlen(code) > 40)
                return req_fail(r, 400, "编号过长。");
            res = equipment_lookup(code, 5);
            if (!res)
                return 500;
            rows_hdf(r, res, "Devices", 5);
            PQclear(res);
        }
    }
    return req_page(r, "equipment/list.cs");
}

/* ---- a sub-account's devices, chosen by its main account ------------------------------- */

static long sub_id_param(struct req *r)
{
    const char *p = req_route_param(r, 0);
    long id = p ? atol(p) : 0;
    return id > 0 ? id : 0;
}

int subaccount_equipment(struct req *r)
{
    long id = sub_id_param(r);
    const char *q = req_param(r, "q");
    PGresult *res;

    if (!id)
        return 404;
    /* The sub-account must be one of this unit's: otherwise there is nothing to show. */
    res = subaccount_get(&r->user, id);
    if (!res)
        return 500;
    int mine = PQntuples(res) == 1;
    if (mine)
        req_set(r, "Sub.login", PQgetvalue(res, 0, PQfnumber(res, "login")));
    PQclear(res);
    if (!mine)
        return 404;
    res = equipment_for_assignment(&r->user, id, q, after_param(r), 50);
    if (!res)
        return 500;
    rows_hdf(r, res, "Devices", 50);
    PQclear(res);
    req_set_int(r, "Sub.id", id);
    req_set(r, "Search.Q", q ? q : "");
    req_set(r, "Search.After", req_param(r, "after") ? req_param(r, "after") : "");
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", "已保存该页的设备分配。");
    req_set(r, "Page.Title", "分配设备");
    return req_page(r, "account/subaccount_equipment.cs");
}

/* Ids from a repeated field (Query.name or Query.name.N), at most max. */
static int ids_param(struct req *r, const char *name, long *out, int max)
{
    const char *values[64];
    int n = 0, got = req_values(r, name, values, max < 64 ? max : 64);

    for (int i = 0; i < got; i++)
        if (atol(values[i]) > 0)
            out[n++] = atol(values[i]);
    return n;
}

int subaccount_equipment_save(struct req *r)
{
    long id = sub_id_param(r), shown[64], checked[64];
    int nshown = ids_param(r, "shown", shown, 64), nchecked = ids_param(r, "device", checked, 64), rc;
    char loc[160];

    if (!id)
        return 404;
    rc = equipment_assign(&r->user, id, shown, nshown, checked, nchecked, req_ip(r));
    if (rc < 0)
        return 500;
    if (rc == 0)
        return 404;
    snprintf(loc, sizeof loc, "/account/subaccounts/%ld/equipment?msg=saved", id);
    return req_redirect(r, loc);
}
