/* inspection_internal.h — what lib/inspection.c and lib/inspection_agency.c share: the
 * scope conditions, the statements built from them at compile time, and the recorded
 * compare-and-set move. Not for callers outside lib/. */
#ifndef TEJIAN_INSPECTION_INTERNAL_H
#define TEJIAN_INSPECTION_INTERNAL_H

#include <libpq-fe.h>

#include "inspection.h"
#include "workflow.h"

/* Every statement that reaches applications starts with this CTE so that the scope
 * conditions can name the asking user's unit (p.org, NULL when none) and account (p.acc)
 * as $1 and $2 whichever condition is chosen. */
#define INSP_WITH "WITH p AS (SELECT $1::bigint AS org, $2::bigint AS acc) "

/* The conditions on inspection_application a, one per way of seeing it: the agency its
 * region's applications past the draft; an enterprise's main account its unit's; any
 * other enterprise account (sub-account, not certified) the ones it made. */
#define INSP_SCOPE_AGENCY                                                                        \
    "a.state <> 'draft' AND a.district LIKE (SELECT agency_region(o.district) || '%' FROM org o" \
    " WHERE o.id = p.org AND o.kind = 'agency')"
#define INSP_SCOPE_ORG "a.org_id = p.org"
#define INSP_SCOPE_APPLICANT "a.applicant_id = p.acc"
enum insp_by { INSP_BY_AGENCY, INSP_BY_ORG, INSP_BY_APPLICANT, INSP_NBY };

/* Every statement on applications is a literal, one per way: SQL names a macro of the
 * condition, e.g.
 *   #define GET_SQL(scope) INSP_WITH "SELECT … WHERE a.id = $3::bigint AND " scope
 *   static const char *const GET[INSP_NBY] = INSP_SCOPED(GET_SQL);
 * INSP_ENTERPRISE_SCOPED leaves out the agency's (NULL). */
#define INSP_SCOPED(SQL)                                                             \
    {[INSP_BY_AGENCY] = SQL(INSP_SCOPE_AGENCY), [INSP_BY_ORG] = SQL(INSP_SCOPE_ORG), \
     [INSP_BY_APPLICANT] = SQL(INSP_SCOPE_APPLICANT)}
#define INSP_ENTERPRISE_SCOPED(SQL) {[INSP_BY_ORG] = SQL(INSP_SCOPE_ORG), [INSP_BY_APPLICANT] = SQL(INSP_SCOPE_APPLICANT)}

/* The statement of table for user u in scope; NULL when the table has none for it. */
const char *insp_sql(const char *const table[INSP_NBY], const struct user *u, enum insp_scope scope);

/* $1 and $2 for u, as text (org "" → NULL in the statement). */
struct insp_who {
    char org[24], acc[24];
    const char *v[2];
};
void insp_who(const struct user *u, struct insp_who *w);

/* A move's UPDATE with set (", col = $7, …" or "") in scope: $1 org, $2 account, $3 id,
 * $4 version, $5 the new state, $6 the current one, the move's extras from $7 on. */
#define INSP_UPDATE(set, scope)                                                                             \
    INSP_WITH "UPDATE inspection_application a SET state = $5, version = a.version + 1, updated_at = now()" \
    set " FROM p WHERE a.id = $3::bigint AND a.version = $4::int AND a.state = $6 AND " scope               \
        " RETURNING a.applicant_id, a.serial_no, a.kind"

/* One move of application app_id in scope by event, in the caller's open transaction:
 * reads the current state, finds the transition (none: INSP_STALE), runs the move's
 * statement for u in scope from update (INSP_UPDATE; NULL: the state alone) or, for
 * "delete", the DELETE, with the extra parameters from $7 on, and records the move with
 * reason. INSP_DONE (*returned, caller PQclears, when returned is not NULL),
 * INSP_NOT_FOUND, INSP_STALE, INSP_ERROR (also: update has no statement for u). */
struct insp_move {
    const struct user *u;
    enum insp_scope scope;
    long id;
    int version;
    const char *event, *reason, *ip;
    const char *const *update;     /* [INSP_NBY] statements, or NULL */
    int nextra;
    const char *const *extra;
};
int insp_move_run(const struct insp_move *m, PGresult **returned);

/* The SMS to the applicant (account applicant_id) about serial, in the caller's
 * transaction; nothing when the account has no mobile. 0 or -1. */
int insp_notify(const char *applicant_id, const char *text);

#endif
