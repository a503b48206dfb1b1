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
