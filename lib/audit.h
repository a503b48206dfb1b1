/* audit.h — every decision lands in audit_log with actor, time and address. */
#ifndef TEJIAN_AUDIT_H
#define TEJIAN_AUDIT_H

#include "auth.h"

/* Writes one row inside the caller's transaction. actor may be NULL (system). 0 or -1. */
int audit_log(const struct user *actor, const char *action, const char *entity_kind,
              long entity_id, const char *detail, const char *ip);

/* One row of workflow history; same transaction as the state change. 0 or -1. */
int workflow_event(const char *kind, long entity_id, const char *from_state, const char *to_state,
                   const char *event, const struct user *actor, const char *reason);

#include <libpq-fe.h>

/* Newest audit rows (with count(*) OVER () AS total). Caller PQclears. */
PGresult *audit_page(long limit, long offset);
/* History of one workflow entity, oldest first: at, event, from_state, to_state, reason, actor. */
PGresult *workflow_history(const char *kind, long entity_id);

#endif
