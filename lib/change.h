/* change.h — equipment status-change applications (变更申请): a use unit's main account
 * asks its district bureau to stop, scrap, cancel or resume a device, with supporting
 * documents; the bureau approves (the device moves in the same transaction) or rejects
 * with a reason. The moves are the tables in workflow.c; all SQL is here. */
#ifndef TEJIAN_CHANGE_H
#define TEJIAN_CHANGE_H

#include <libpq-fe.h>
#include <stddef.h>

#include "auth.h"

#define CHANGE_PAGE 20
#define CHANGE_MAX_FILES 5
#define CHANGE_FILE_MAX (5u << 20)
#define CHANGE_REASON_MAX 1500     /* bytes: 500 Chinese characters */
#define CHANGE_DECISION_MAX 600    /* bytes: 200 Chinese characters (it goes into an SMS) */

/* Results. */
#define CHANGE_DONE 1
#define CHANGE_REFUSED 0           /* submit: see errors; decide: stale (someone decided first) */
#define CHANGE_ERROR (-1)
#define CHANGE_NOT_FOUND (-2)      /* submit: no such device of the user's unit */
#define CHANGE_DEVICE_MOVED (-3)   /* decide: the device left the state the application started from */

/* Whose view: the applying unit's main account, or the district bureau. */
enum change_scope { CHANGE_UNIT, CHANGE_BUREAU };

struct change_file {
    const char *data;
    size_t len;
    const char *name;
};

struct change_form {
    long equipment_id;
    const char *to_state;
    const char *reason;
    struct change_file files[CHANGE_MAX_FILES];
    int nfiles;
    int too_many_files;
};

/* One message per field (NULL when fine); form is for the whole form. */
struct change_errors {
    const char *to_state, *reason, *documents, *form;
    char buf[256];                 /* storage for a composed message */
};

/* The device, when it is one the user's unit uses: id, reg_code, equipment_code, name,
 * category_name, address, district_name, state, open_id (the open application's id or
 * ""). No row: not of this unit. NULL on error; caller PQclears. */
PGresult *change_device(const struct user *u, long equipment_id);
/* The id of the unit's device with this registration code, equipment code or factory
 * number; 0 none, -1 error. */
long change_device_by_code(const struct user *u, const char *code);

/* Checks and stores an application with its documents, workflow_event and audit in one
 * transaction. CHANGE_DONE (*app_id set), CHANGE_REFUSED (errs filled), CHANGE_NOT_FOUND,
 * CHANGE_ERROR. */
int change_submit(const struct user *u, const struct change_form *f, const char *ip, long *app_id,
                  struct change_errors *errs);

/* The bureau decides: compare-and-set on version and state 'submitted', within the
 * bureau's districts. Approval moves the device (state, history, workflow_event, audit);
 * either way the applicant gets an SMS. Reject needs a reason (else CHANGE_ERROR).
 * CHANGE_DONE, CHANGE_REFUSED (stale or not the bureau's), CHANGE_DEVICE_MOVED, CHANGE_ERROR;
 * nothing is changed unless CHANGE_DONE. */
int change_decide(const struct user *u, long app_id, int version, int approve, const char *reason,
                  const char *ip);

/* Applications in scope, state "" for all, keyset paged: after 0 = first page; the
 * bureau's open queue runs oldest first (id > after), every other list newest first
 * (id < after). At most limit+1 rows (the extra row says there is a next page). Columns:
 * id, created, state, from_state, to_state, equipment_id, reg_code, device_name,
 * org_name, applicant. NULL on error. */
PGresult *change_list(const struct user *u, enum change_scope scope, const char *state, long after, int limit);
/* One application in scope with its device: id, version, state, from_state, to_state,
 * reason, decision_reason, created, decided, decider, applicant, applicant_mobile, org_name,
 * equipment_id, reg_code, equipment_code, device_name, category_name, address,
 * district_name, device_state. No row: not in scope. */
PGresult *change_get(const struct user *u, enum change_scope scope, long app_id);
/* Its documents: id, file_name, mime, size, kb. Call after change_get found it. */
PGresult *change_documents(long app_id);
/* The blob of one document of an application in scope: 1 found (sha256 filled), 0 none,
 * -1 error. */
int change_document_blob(const struct user *u, enum change_scope scope, long app_id, long doc_id,
                         char sha256[65]);

#endif
