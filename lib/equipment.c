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

PGresult *equipment_history_of(long equipment_id)
{
    return db_exec_id("SELECT to_char(h.at, 'YYYY-MM-DD HH24:MI') AS at, h.change,"
                      " coalesce(a.name, a.login, '系统') AS actor, coalesce(h.note, '') AS note,"
                      " coalesce(h.old->>'state', '') AS old_state, coalesce(h.new->>'state', '') AS new_state"
                      " FROM equipment_history h LEFT JOIN account a ON a.id = h.actor_id"
                      " WHERE h.equipment_id = $1 ORDER BY h.at DESC, h.id DESC LIMIT 200", equipment_id);
}

PGresult *equipment_changes_of(long equipment_id)
{
    return db_exec_id("SELECT ca.id, ca.from_state, ca.to_state, ca.state, ca.reason,"
                      " coalesce(ca.decision_reason, '') AS decision_reason,"
                      " to_char(ca.created_at, 'YYYY-MM-DD HH24:MI') AS created,"
                      " coalesce(to_char(ca.decided_at, 'YYYY-MM-DD HH24:MI'), '') AS decided,"
                      " coalesce(ap.name, ap.login) AS applicant, coalesce(dc.name, dc.login, '') AS decider"
                      " FROM change_application ca JOIN account ap ON ap.id = ca.applicant_id"
                      " LEFT JOIN account dc ON dc.id = ca.decided_by"
                      " WHERE ca.equipment_id = $1 ORDER BY ca.created_at DESC LIMIT 100", equipment_id);
}

long equipment_fold_due_tallies(void)
{
    char out[32];

    /* Yesterday stays: a statement begun before midnight still sums "due < yesterday". */
    if (db_text("SELECT equipment_due_tally_fold(current_date - 1)", 0, NULL, out, sizeof out) != 1)
        return -1;
    return strtol(out, NULL, 10);
}

/* Parameter names of the generated and imported data, with labels and units. */
static const struct equipment_param PARAMS[] = {
    {"rated_load_kg", "额定载重量", "kg"},      {"rated_speed_ms", "额定速度", "m/s"},
    {"floors", "层数", "层"},                    {"stops", "站数", "站"},
    {"doors", "门数", "扇"},                     {"control", "控制方式", ""},
    {"rise_m", "提升高度", "m"},                 {"length_m", "使用区段长度", "m"},
    {"incline_deg", "倾斜角", "°"},              {"step_width_mm", "名义宽度", "mm"},
    {"pallet_width_mm", "踏板宽度", "mm"},       {"rated_evaporation_th", "额定蒸发量", "t/h"},
    {"rated_power_mw", "额定热功率", "MW"},      {"rated_pressure_mpa", "额定工作压力", "MPa"},
    {"outlet_temp_c", "出水温度", "℃"},          {"return_temp_c", "回水温度", "℃"},
    {"fuel", "燃料", ""},                        {"design_pressure_mpa", "设计压力", "MPa"},
    {"design_temp_c", "设计温度", "℃"},          {"medium", "介质", ""},
    {"rated_lifting_t", "额定起重量", "t"},      {"span_m", "跨度", "m"},
    {"lifting_height_m", "起升高度", "m"},       {"lift_height_mm", "起升高度", "mm"},
    {"work_class", "工作级别", ""},              {"max_radius_m", "最大幅度", "m"},
    {"rated_speed_m_min", "额定速度", "m/min"},  {"cages", "吊笼数", "个"},
    {"power", "动力方式", ""},
};

const struct equipment_param *equipment_params(size_t *n)
{
    *n = sizeof PARAMS / sizeof PARAMS[0];
    return PARAMS;
}

const struct equipment_param *equipment_param_of(const char *key)
{
    for (size_t i = 0; i < sizeof PARAMS / sizeof PARAMS[0]; i++)
        if (!strcmp(PARAMS[i].key, key))
            return &PARAMS[i];
    return NULL;
}

PGresult *equipment_categories(void)
{
    /* Kinds and classes that devices are registered under (7000 and F000 never are). */
    return db_exec("SELECT code, name, level FROM catalogue WHERE level <= 2"
                   " AND left(code, 1) NOT IN ('7', 'F') ORDER BY code",
                   0, NULL);
}

PGresult *equipment_districts(const char *root)
{
    if (root) {
        const char *v[1] = {root};
        return db_exec("SELECT d.code, d.name FROM district d"
                       " WHERE d.code IN (SELECT district_within($1)) AND d.level = 3 ORDER BY d.code",
                       1, v);
    }
    return db_exec("SELECT code, name FROM district WHERE level = 3 ORDER BY code", 0, NULL);
}
