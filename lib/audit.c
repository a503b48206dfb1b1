/* audit.c — audit log and workflow history rows. */
#include "audit.h"

#include <stdio.h>

#include "db.h"

int audit_log(const struct user *actor, const char *action, const char *entity_kind,
              long entity_id, const char *detail, const char *ip)
{
    char aid[24], eid[24];
    const char *v[7];

    snprintf(aid, sizeof aid, "%ld", actor ? actor->id : 0L);
    snprintf(eid, sizeof eid, "%ld", entity_id);
    v[0] = actor && actor->id ? aid : NULL;
    v[1] = actor ? actor->login : "system";
    v[2] = action;
    v[3] = entity_kind;
    v[4] = eid;
    v[5] = detail;
    v[6] = ip;
    return db_command("INSERT INTO audit_log (actor_id, actor_login, action, entity_kind, entity_id, detail, ip)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      7, v);
}

int workflow_event(const char *kind, long entity_id, const char *from_state, const char *to_state,
                   const char *event, const struct user *actor, const char *reason)
{
    char eid[24], aid[24];
    const char *v[7];

    snprintf(eid, sizeof eid, "%ld", entity_id);
    snprintf(aid, sizeof aid, "%ld", actor ? actor->id : 0L);
    v[0] = kind;
    v[1] = eid;
    v[2] = from_state;
    v[3] = to_state;
    v[4] = event;
    v[5] = actor && actor->id ? aid : NULL;
    v[6] = reason;
    return db_command("INSERT INTO workflow_event (kind, entity_id, from_state, to_state, event, actor_id, reason)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      7, v);
}

PGresult *audit_page(long limit, long offset)
{
    char lim[24], off[24];
    snprintf(lim, sizeof lim, "%ld", limit);
    snprintf(off, sizeof off, "%ld", offset);
    const char *v[2] = {lim, off};
    return db_exec("SELECT to_char(at, 'YYYY-MM-DD HH24:MI:SS') AS at, coalesce(actor_login, '') AS actor,"
                   " action, entity_kind, entity_id, coalesce(detail, '') AS detail, coalesce(ip, '') AS ip,"
                   " count(*) OVER () AS total FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2",
                   2, v);
}

PGresult *workflow_history(const char *kind, long entity_id)
{
    char id[24];
    snprintf(id, sizeof id, "%ld", entity_id);
    const char *v[2] = {kind, id};
    return db_exec("SELECT to_char(w.at, 'YYYY-MM-DD HH24:MI') AS at, w.event, coalesce(w.from_state, '') AS from_state,"
                   " w.to_state, coalesce(w.reason, '') AS reason, coalesce(a.name, '') AS actor"
                   " FROM workflow_event w LEFT JOIN account a ON a.id = w.actor_id"
                   " WHERE w.kind = $1 AND w.entity_id = $2 ORDER BY w.at, w.id",
                   2, v);
}
