/* equipment.c — device visibility rules and the lists built on them. */
#include "equipment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"

#define ROW_COLUMNS                                                                          \
    " e.id, coalesce(e.reg_code, '') AS reg_code, e.name, c.name AS category_name,"         \
    " coalesce(e.address, '') AS address, e.state,"                                          \
    " coalesce(to_char(e.next_inspection_date, 'YYYY-MM-DD'), '') AS next_inspection_date,"  \
    " (e.state = 'in_use' AND e.next_inspection_date < current_date) AS overdue"

PGresult *equipment_list(const struct user *u, long after, int limit)
{
    char org[24], id[24], aft[24], lim[16];
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(id, sizeof id, "%ld", u->id);
    snprintf(aft, sizeof aft, "%ld", after);
    snprintf(lim, sizeof lim, "%d", limit + 1);

    if (u->roles & ROLE_ENT_MAIN) {
        /* One index range per binding role, each stopped at the page size. */
        const char *v[3] = {org, aft, lim};
        return db_exec("WITH ids AS ("
                       " (SELECT id FROM equipment WHERE use_org_id = $1 AND id > $2 ORDER BY id LIMIT $3)"
                       " UNION (SELECT id FROM equipment WHERE construction_org_id = $1 AND id > $2 ORDER BY id LIMIT $3)"
                       " UNION (SELECT id FROM equipment WHERE manufacture_org_id = $1 AND id > $2 ORDER BY id LIMIT $3))"
                       " SELECT" ROW_COLUMNS " FROM ids JOIN equipment e USING (id)"
                       " JOIN catalogue c ON c.code = e.category ORDER BY e.id LIMIT $3",
                       3, v);
    }
    if (u->roles & ROLE_ENT_SUB) {
        const char *v[4] = {id, aft, lim, org};
        return db_exec("SELECT" ROW_COLUMNS " FROM account_equipment ae"
                       " JOIN equipment e ON e.id = ae.equipment_id JOIN catalogue c ON c.code = e.category"
                       " WHERE ae.account_id = $1 AND ae.equipment_id > $2"
                       " AND $4::bigint IN (e.use_org_id, e.construction_org_id, e.manufacture_org_id)"
                       " ORDER BY ae.equipment_id LIMIT $3",
                       4, v);
    }
    /* Everyone else browses nothing here: an empty result of the same shape. */
    return db_exec("SELECT" ROW_COLUMNS " FROM equipment e JOIN catalogue c ON c.code = e.category WHERE false",
                   0, NULL);
}

PGresult *equipment_lookup(const char *code, int limit)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    const char *v[2] = {code, lim};
    return db_exec("SELECT" ROW_COLUMNS " FROM equipment e JOIN catalogue c ON c.code = e.category"
                   " WHERE e.id IN (SELECT id FROM equipment WHERE reg_code = $1"
                   "  UNION SELECT id FROM equipment WHERE equipment_code = $1"
                   "  UNION SELECT id FROM equipment WHERE factory_no = $1)"
                   " ORDER BY e.id LIMIT $2",
                   2, v);
}

PGresult *equipment_for_assignment(const struct user *main, long sub_id, const char *q,
                                   long after, int limit)
{
    char org[24], sub[24], aft[24], lim[16];
    snprintf(org, sizeof org, "%ld", main->org_id);
    snprintf(sub, sizeof sub, "%ld", sub_id);
    snprintf(aft, sizeof aft, "%ld", after);
    snprintf(lim, sizeof lim, "%d", limit + 1);
    const char *v[5] = {org, sub, aft, lim, q ? q : ""};
    return db_exec("SELECT" ROW_COLUMNS ", (ae.account_id IS NOT NULL) AS assigned"
                   " FROM equipment e JOIN catalogue c ON c.code = e.category"
                   " LEFT JOIN account_equipment ae ON ae.equipment_id = e.id AND ae.account_id = $2"
                   " WHERE e.use_org_id = $1 AND e.id > $3"
                   " AND ($5 = '' OR e.reg_code LIKE $5 || '%' OR e.name LIKE '%' || $5 || '%'"
                   "  OR e.address LIKE '%' || $5 || '%' OR e.internal_no = $5)"
                   " ORDER BY e.id LIMIT $4",
                   5, v);
}

/* {1,2,3} for a PostgreSQL bigint[] parameter. */
static char *id_array(const long *ids, int n)
{
    size_t cap = (size_t)n * 21 + 3, o = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[o++] = '{';
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o, "%s%ld", i ? "," : "", ids[i]);
    snprintf(s + o, cap - o, "}");
    return s;
}

int equipment_assign(const struct user *main, long sub_id, const long *shown, int nshown,
                     const long *checked, int nchecked, const char *ip)
{
    char org[24], sub[24], detail[64];
    char *shown_a = id_array(shown, nshown), *checked_a = id_array(checked, nchecked);
    PGresult *res = NULL;
    int rc = -1;

    if (!shown_a || !checked_a)
        goto out;
    snprintf(org, sizeof org, "%ld", main->org_id);
    snprintf(sub, sizeof sub, "%ld", sub_id);
    if (db_begin())
        goto out;
    const char *sv[2] = {sub, org};
    res = db_exec("SELECT 1 FROM account WHERE id = $1 AND org_id = $2 AND 'ent_sub' = ANY (roles) FOR UPDATE", 2, sv);
    if (!res)
        goto out;
    if (PQntuples(res) != 1) {
        rc = 0;
        goto out;
    }
    /* Only devices of this unit, and only those that were on the page, are touched. */
    const char *v[4] = {sub, org, shown_a, checked_a};
    if (db_command("DELETE FROM account_equipment ae USING equipment e"
                   " WHERE ae.account_id = $1 AND e.id = ae.equipment_id AND e.use_org_id = $2"
                   " AND ae.equipment_id = ANY ($3::bigint[]) AND NOT ae.equipment_id = ANY ($4::bigint[])",
                   4, v) ||
        db_command("INSERT INTO account_equipment (account_id, equipment_id)"
                   " SELECT $1, e.id FROM equipment e WHERE e.use_org_id = $2"
                   " AND e.id = ANY ($3::bigint[]) AND e.id = ANY ($4::bigint[])"
                   " ON CONFLICT DO NOTHING",
                   4, v))
        goto out;
    snprintf(detail, sizeof detail, "%d 台设备中勾选 %d 台", nshown, nchecked);
    if (audit_log(main, "subaccount.equipment", "account", sub_id, detail, ip) || db_commit())
        goto out;
    rc = 1;
out:
    PQclear(res);
    if (rc != 1)
        db_rollback();
    free(shown_a);
    free(checked_a);
    return rc;
}
