/* org.h — a certified unit's own information: direct edits, and name / credit-code
 * changes that go back to review (the approved values stay in force meanwhile). */
#ifndef TEJIAN_ORG_H
#define TEJIAN_ORG_H

#include <libpq-fe.h>

#include "auth.h"

/* The unit types a certified unit may have, in display order. */
struct unit_type {
    const char *value, *label;
};
#define NUNIT_TYPES 5
extern const struct unit_type UNIT_TYPES[NUNIT_TYPES];
/* PostgreSQL array literal of the known types among types[0..n) in table order; unknown
 * ones are dropped. out holds 128 bytes. Returns how many were kept. */
int unit_types_literal(const char *const *types, int n, char out[128]);

struct org_edit {
    const char *name, *credit_code;           /* changes go to review */
    const char *province, *address, *legal_rep, *industry;
    const char *unit_types;                   /* PostgreSQL array literal */
};

/* The unit (one row) with its open change request, if any. Caller PQclears. */
PGresult *org_get(long org_id);
/* Saves the direct fields; files a change request when name or credit code differ.
 * 1 saved, 2 saved and a change filed, 0 refused (*msg: a change is already open, or the
 * credit code belongs to another unit), -1 error. */
int org_save(const struct user *actor, long org_id, const struct org_edit *e, const char *ip,
             const char **msg);
/* Reviewer: open change requests. Caller PQclears. */
PGresult *org_changes_open(void);
/* Approve (apply) or reject (reason required) a change at the version seen. 1 done,
 * 0 stale or not open, -1 error. */
int org_change_decide(const struct user *actor, long change_id, int version, int approve,
                      const char *reason, const char *ip);

#endif
