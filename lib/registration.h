/* registration.h — enterprise registration (certified: reviewed; non-certified: active at
 * once) and the review decision, each one transaction with its history. */
#ifndef TEJIAN_REGISTRATION_H
#define TEJIAN_REGISTRATION_H

#include <stddef.h>

#include "auth.h"

struct reg_file {
    const char *data;
    size_t len;
    const char *name;
};

struct reg_form {
    int certified;
    int maint;                      /* a maintenance company (维保单位): the seed's form,
                                       reviewed by the bureau of its district */
    const char *cert_no, *district; /* maint: qualification certificate no., county code */
    const char *unit_types[5];      /* "use", "construction", … (first n_unit_types) */
    int n_unit_types;
    const char *credit_code, *org_name, *province, *address, *legal_rep, *industry;
    const char *name, *mobile, *sms_code, *email, *login, *password, *password2;
    char mobile_norm[12];           /* mobile as stored: trimmed by v_mobile */
    struct reg_file application, licence;
};

#define REG_MAX_ERRORS 24
struct reg_errors {
    int n;
    struct {
        const char *field;
        const char *msg;
    } e[REG_MAX_ERRORS];
};

/* Field checks that need no database. Returns the number of errors. */
int registration_validate(const struct reg_form *f, struct reg_errors *errs);

/* Validates, then in one transaction: checks login and credit code are free, verifies and
 * consumes the SMS code, stores the files, creates org + account (+ documents), history,
 * audit and outbox. 1 created (*account_id), 0 refused (errs filled), -1 error. */
int registration_submit(const struct reg_form *f, const char *ip, long *account_id,
                        struct reg_errors *errs);

/* Review: pending → active (approve) or rejected (reason required). Compare-and-set on
 * the org's version: 1 done, 0 stale (someone decided first / not pending), -1 error. */
int registration_decide(const struct user *actor, long org_id, int version, int approve,
                        const char *reason, const char *ip);

#include <libpq-fe.h>

/* The bureau decides a maintenance company's registration of its districts (same moves,
 * events bureau_approve / bureau_reject): 1 done, 0 stale or not its own, -1 error. */
int registration_decide_maint(const struct user *actor, long org_id, int version, int approve,
                              const char *reason, const char *ip);
/* Pending maintenance-company registrations in the bureau's districts, oldest first: id,
 * version, name, cert_no, legal_rep, address, district_name, created, registrant, mobile,
 * login. */
PGresult *registration_list_maint(const struct user *bureau);
/* Counties with their full names (河南省新乡市红旗区) for the maintenance form: code, label. */
PGresult *registration_districts(void);

/* Certified registrations in state ("pending", "active", "rejected"), oldest first. */
PGresult *registration_list(const char *state);
/* One registration with its main account's registrant details, or no row. */
PGresult *registration_get(long org_id);
/* Its documents: id, kind, file_name. */
PGresult *registration_documents(long org_id);
/* The stored blob of one document of org_id: 1 found (sha256 filled), 0 none, -1 error. */
int registration_document_blob(long org_id, long doc_id, char sha256[65]);

#endif
