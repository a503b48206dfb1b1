/* inspection_internal.h — what lib/inspection.c and lib/inspection_agency.c share: the
 * scope conditions and the recorded compare-and-set move. Not for callers outside lib/. */
#ifndef TEJIAN_INSPECTION_INTERNAL_H
#define TEJIAN_INSPECTION_INTERNAL_H

#include <libpq-fe.h>

#include "inspection.h"
#include "workflow.h"

/* Every statement that reaches applications starts with this CTE so that the scope
 * conditions can name the asking user's unit (p.org, NULL when none) and account (p.acc)
 * as $1 and $2 whichever condition is chosen. */
#define INSP_WITH "WITH p AS (SELECT $1::bigint AS org, $2::bigint AS acc) "

/* The condition on inspection_application a for user u in scope (a constant fragment). */
const char *insp_scope_sql(const struct user *u, enum insp_scope scope);

/* $1 and $2 for u, as text (org "" → NULL in the statement). */
struct insp_who {
    char org[24], acc[24];
    const char *v[2];
};
void insp_who(const struct user *u, struct insp_who *w);

/* One move of application app_id in scope by event, in the caller's open transaction:
 * reads the current state, finds the transition (none: INSP_STALE), runs
 *   UPDATE inspection_application a SET state = to, version + 1, updated_at = now() <set>
 *   WHERE id, version, state = from, scope RETURNING a.applicant_id, a.serial_no, a.kind
 * (or the DELETE for "delete") with the extra parameters from $7 on, and records the move
 * with reason. INSP_DONE (*returned, caller PQclears, when returned is not NULL),
 * INSP_NOT_FOUND, INSP_STALE, INSP_ERROR. */
struct insp_move {
    const struct user *u;
    enum insp_scope scope;
    long id;
    int version;
    const char *event, *reason, *ip;
    const char *set;               /* ", col = $7, …" or "" */
    int nextra;
    const char *const *extra;
};
int insp_move_run(const struct insp_move *m, PGresult **returned);

/* The SMS to the applicant (account applicant_id) about serial, in the caller's
 * transaction; nothing when the account has no mobile. 0 or -1. */
int insp_notify(const char *applicant_id, const char *text);

#endif
