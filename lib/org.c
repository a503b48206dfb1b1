/* org.c — a certified unit's own information and its reviewed name/credit-code changes. */
#include "org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "outbox.h"
#include "workflow_review.h"

const struct unit_type UNIT_TYPES[NUNIT_TYPES] = {
    {"use", "使用单位"}, {"construction", "施工单位"}, {"manufacture", "制造单位"},
    {"maintenance", "维保单位"}, {"supervision", "监理单位"}};

int unit_types_literal(const char *const *types, int n, char out[128])
{
    size_t o = (size_t)snprintf(out, 128, "{");
    int kept = 0;

    for (int i = 0; i < NUNIT_TYPES; i++)
        for (int j = 0; j < n; j++)
            if (types[j] && strcmp(types[j], UNIT_TYPES[i].value) == 0) {
                o += (size_t)snprintf(out + o, 128 - o, "%s%s", kept++ ? "," : "", UNIT_TYPES[i].value);
                break;
            }
    snprintf(out + o, 128 - o, "}");
    return kept;
}

PGresult *org_get(long org_id)
{
    char id[24];
    const char *v[1] = {id};
    snprintf(id, sizeof id, "%ld", org_id);
    return db_exec("SELECT o.id, o.name, o.credit_code, array_to_string(o.unit_types, ',') AS unit_types,"
                   " coalesce(o.province, '') AS province, coalesce(o.address, '') AS address,"
                   " coalesce(o.legal_rep, '') AS legal_rep, coalesce(o.industry, '') AS industry,"
                   " coalesce(c.new_name, '') AS pending_name, coalesce(c.new_credit_code, '') AS pending_credit_code,"
                   " coalesce(to_char(c.created_at, 'YYYY-MM-DD HH24:MI'), '') AS pending_since"
                   " FROM org o LEFT JOIN org_change c ON c.org_id = o.id AND c.state = 'submitted'"
                   " WHERE o.id = $1",
                   1, v);
}

int org_save(const struct user *actor, long org_id, const struct org_edit *e, const char *ip,
             const char **msg)
{
    char id[24], aid[24];
    PGresult *res = NULL;
    int rc = -1, filed = 0;

    *msg = NULL;
    snprintf(id, sizeof id, "%ld", org_id);
    snprintf(aid, sizeof aid, "%ld", actor->id);
    if (db_begin())
        return -1;
    const char *v[1] = {id};
    res = db_exec("SELECT name, credit_code FROM org WHERE id = $1 AND certified AND state = 'active' FOR UPDATE", 1, v);
    if (!res)
        goto out;
    if (PQntuples(res) != 1) {
        *msg = "单位不存在或尚未通过审核。";
        rc = 0;
        goto out;
    }
    char old_name[128], old_code[24];
    snprintf(old_name, sizeof old_name, "%s", PQgetvalue(res, 0, 0));
    snprintf(old_code, sizeof old_code, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    res = NULL;
    const char *dv[6] = {id, e->province, e->address, e->legal_rep, e->industry, e->unit_types};
    if (db_command("UPDATE org SET province = $2, address = $3, legal_rep = $4, industry = $5,"
                   " unit_types = $6::text[], version = version + 1, updated_at = now() WHERE id = $1",
                   6, dv) ||
        audit_log(actor, "org.update", "org", org_id, NULL, ip))
        goto out;
    if (strcmp(old_name, e->name) != 0 || strcmp(old_code, e->credit_code) != 0) {
        const char *cv[2] = {e->credit_code, id};
        res = db_exec("SELECT 1 FROM org WHERE credit_code = $1 AND id <> $2 AND certified"
                      " AND state IN ('pending', 'active')", 2, cv);
        if (!res)
            goto out;
        if (PQntuples(res)) {
            *msg = "该统一社会信用代码已属于其他已注册单位。";
            rc = 0;
            goto out;
        }
        PQclear(res);
        const char *iv[6] = {id, aid, old_name, e->name, old_code, e->credit_code};
        res = db_exec("INSERT INTO org_change (org_id, requested_by, old_name, new_name, old_credit_code,"
                      " new_credit_code) VALUES ($1, $2, $3, $4, $5, $6)"
                      " ON CONFLICT (org_id) WHERE state = 'submitted' DO NOTHING RETURNING id",
                      6, iv);
        if (!res)
            goto out;
        if (PQntuples(res) == 0) {
            *msg = "已有一项单位名称或信用代码变更正在审核中，请等待审核结果后再修改。";
            rc = 0;
            goto out;
        }
        long change = atol(PQgetvalue(res, 0, 0));
        if (workflow_event("org_change", change, NULL, "submitted", "submit", actor, NULL) ||
            audit_log(actor, "org_change.submit", "org", org_id, e->name, ip))
            goto out;
        filed = 1;
    }
    if (db_commit())
        goto out;
    rc = filed ? 2 : 1;
out:
    PQclear(res);
    if (rc < 1)
        db_rollback();
    return rc;
}

PGresult *org_changes_open(void)
{
    return db_exec("SELECT c.id, c.version, c.old_name, c.new_name, c.old_credit_code, c.new_credit_code,"
                   " to_char(c.created_at, 'YYYY-MM-DD HH24:MI') AS created, a.name AS requester"
                   " FROM org_change c JOIN account a ON a.id = c.requested_by"
                   " WHERE c.state = 'submitted' ORDER BY c.created_at",
                   0, NULL);
}

int org_change_decide(const struct user *actor, long change_id, int version, int approve,
                      const char *reason, const char *ip)
{
    char id[24], ver[16], aid[24], oid[24], text[400];
    const struct wf_transition *t = workflow_find(&WF_ORG_CHANGE, "submitted", approve ? "approve" : "reject");
    struct wf_move m = {&WF_ORG_CHANGE, t, change_id, actor, approve ? NULL : reason, ip};
    PGresult *res = NULL;
    int rc = -1, moved;

    if (!t || (!approve && (!reason || !*reason)))
        return -1;
    snprintf(id, sizeof id, "%ld", change_id);
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(aid, sizeof aid, "%ld", actor->id);
    const char *v[6] = {id, ver, t->to, approve ? NULL : reason, aid, t->from};
    if (db_begin())
        return -1;
    moved = workflow_run(&m, "UPDATE org_change SET state = $3, decision_reason = $4, decided_by = $5::bigint,"
                             " decided_at = now(), version = version + 1"
                             " WHERE id = $1 AND version = $2::int AND state = $6"
                             " RETURNING org_id, new_name, new_credit_code",
                         6, v, &res);
    if (moved <= 0) {
        rc = moved;
        goto out;
    }
    snprintf(oid, sizeof oid, "%s", PQgetvalue(res, 0, 0));
    if (approve) {
        const char *av[3] = {oid, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2)};
        /* The unique index on live credit codes refuses a code taken meanwhile. */
        if (db_command("UPDATE org SET name = $2, credit_code = $3, version = version + 1, updated_at = now()"
                       " WHERE id = $1", 3, av))
            goto out;
        snprintf(text, sizeof text, "【特检】贵单位名称/信用代码变更已审核通过：%.100s。", PQgetvalue(res, 0, 1));
    } else {
        snprintf(text, sizeof text, "【特检】贵单位名称/信用代码变更未通过审核，原因：%.200s。", reason);
    }
    PQclear(res);
    const char *mv[1] = {oid};
    res = db_exec("SELECT mobile FROM account WHERE org_id = $1 AND 'ent_main' = ANY (roles) AND mobile IS NOT NULL", 1, mv);
    if (!res)
        goto out;
    for (int i = 0; i < PQntuples(res); i++)
        if (outbox_add("sms", PQgetvalue(res, i, 0), text))
            goto out;
    if (db_commit())
        goto out;
    rc = 1;
out:
    PQclear(res);
    if (rc != 1)
        db_rollback();
    return rc;
}
