/* maint.h — elevator maintenance filings (维保备案): a maintenance company files its
 * personnel and the elevators it maintains with the bureau of its district; the bureau
 * approves or returns each. A filing row points at explicit versions (jsonb data): the
 * approved one in force and the pending one (新增 or 更改), so the archive and its
 * history are queries. Moves are WF_MAINT_FILING (workflow_maint.c); all SQL is here
 * and in maint_import.c. */
#ifndef TEJIAN_MAINT_H
#define TEJIAN_MAINT_H

#include <libpq-fe.h>

#include "auth.h"

#define MAINT_PAGE 20
#define MAINT_MAX_FIELDS 12
#define MAINT_REASON_MAX 600   /* bytes: 200 Chinese characters */

/* Results. */
#define MAINT_DONE 1
#define MAINT_REFUSED 0        /* see errors / stale (someone moved it first) */
#define MAINT_ERROR (-1)
#define MAINT_NOT_FOUND (-2)   /* not the user's (or not in the bureau's districts) */
#define MAINT_IN_USE (-3)      /* delete: maintenance or inspection records exist */
#define MAINT_INCOMPLETE (-4)  /* submit: a filing lacks required fields (e.g. a registration draft) */

enum maint_kind { MAINT_COMPANY_INFO, MAINT_PERSON, MAINT_ELEVATOR };

/* Whose view: the company's own lists, or the bureau's districts. */
enum maint_scope { MAINT_COMPANY, MAINT_BUREAU };

#define MAINT_MAX_FILES 10
#define MAINT_FILE_MAX (10u << 20)   /* bytes per attachment */

/* Attachments of a company filing (licence, certificates, contracts): PDF, JPEG, PNG. */
struct maint_file {
    const char *data;
    size_t len;
    const char *name;
};

enum maint_type {
    MF_TEXT,     /* free text, at most 100 characters */
    MF_DATE,     /* YYYY-MM-DD */
    MF_IDNO,     /* resident identity number (GB 11643) */
    MF_MOBILE,   /* 11-digit mobile */
    MF_PHONE,    /* mobile or landline: digits, '-', at most 20 */
    MF_REGCODE,  /* 20-digit registration code */
    MF_CHOICE    /* one of options */
};

#define MF_REQUIRED 1u   /* 必填 */
#define MF_KEY 2u        /* identity of the filing within the company (unique) */
#define MF_CODE 4u       /* a code or ID: text in spreadsheets, never a number */
#define MF_LIST 8u       /* a column of the lists */
#define MF_QUERY 16u     /* a query condition of the lists */
#define MF_PROFILE 32u   /* company: prefilled from the registration */

struct maint_field {
    const char *key;              /* jsonb key and form field name (a constant) */
    const char *label;
    enum maint_type type;
    unsigned flags;
    const char *const *options;   /* MF_CHOICE: NULL-terminated */
};

struct maint_kind_def {
    enum maint_kind kind;
    const char *name;             /* "person" as stored */
    const char *slug;             /* "persons" in URLs */
    const char *label;            /* "维保人员" */
    const struct maint_field *fields;
    int nfields;
};

/* The definition of a kind, by value or by URL slug (NULL when unknown). */
const struct maint_kind_def *maint_kind(enum maint_kind kind);
const struct maint_kind_def *maint_kind_by_slug(const char *slug);
/* The index of the key field of def. */
int maint_key_field(const struct maint_kind_def *def);

/* One message per field (NULL when fine), warnings apart (an import may accept them). */
struct maint_errors {
    const char *err[MAINT_MAX_FIELDS];
    const char *warn[MAINT_MAX_FIELDS];
    const char *form;
    int nerr, nwarn;
};

/* Checks values (one per field, NULL = empty) and writes the stored form into
 * norm[i] (cap bytes each). lenient: an ID number failing its check digit is a warning
 * (bulk import, DOMAIN.md), not an error (forms). Returns the number of errors. */
int maint_validate(const struct maint_kind_def *def, const char *const *values, int lenient,
                   char norm[][128], struct maint_errors *e);

/* The unit's maintenance-company filing facts: 1 when the user's unit is an active
 * maintenance company (district receives its district code), 0 when not, -1 error. */
int maint_company(const struct user *u, char district[7]);

/* Creates a filing (state pending_submit, info state 新增) with its first version and
 * attachments (files, n of them; the company filing only), its workflow_event and audit,
 * in one transaction. MAINT_DONE (*id), MAINT_REFUSED (e), MAINT_ERROR. */
int maint_create(const struct user *u, const struct maint_kind_def *def, const char *const *values,
                 const struct maint_file *files, int nfiles, const char *ip, long *id, struct maint_errors *e);
/* Saves an edit at version: a pending or returned filing's pending version is rewritten;
 * an approved filing gets a new pending version (更改) and moves to pending_submit while
 * the approved version stays in force. MAINT_DONE, MAINT_REFUSED (e->form set when
 * stale or in review), MAINT_NOT_FOUND, MAINT_ERROR. */
int maint_update(const struct user *u, const struct maint_kind_def *def, long id, int version,
                 const char *const *values, const struct maint_file *files, int nfiles, const char *ip,
                 struct maint_errors *e);
/* The company filing's prefill from the registration: the org's and its main account's
 * details by field key (name, legal_rep, contact, mobile, address). NULL on error. */
PGresult *maint_company_profile(const struct user *u);
/* The id of the unit's company filing, 0 none, -1 error. */
long maint_company_filing(const struct user *u);
/* Attachments of a filing in scope: id, file_name, kb. */
PGresult *maint_documents(const struct user *u, enum maint_scope scope, long id);
/* The blob of one attachment of a filing in scope: 1 found (sha256), 0 none, -1 error. */
int maint_document_blob(const struct user *u, enum maint_scope scope, long id, long doc, char sha256[65]);
/* Deletes a filing not in review with no maintenance or inspection records.
 * MAINT_DONE, MAINT_REFUSED (stale / in review), MAINT_IN_USE, MAINT_NOT_FOUND, MAINT_ERROR. */
int maint_delete(const struct user *u, const struct maint_kind_def *def, long id, int version, const char *ip);
/* Sends the filings ids (pending_submit or returned, of the user's unit) for audit, all or
 * none; each version to be audited is checked again (import leniency: an ID check digit
 * only warns). MAINT_DONE, MAINT_REFUSED (one of them moved or is not submittable),
 * MAINT_INCOMPLETE (one lacks required fields), MAINT_ERROR. */
int maint_submit(const struct user *u, const struct maint_kind_def *def, const long *ids, int n, const char *ip);
/* The bureau approves (pending version becomes the one in force; an elevator is linked to
 * the registry row with its registration code, whose maintenance unit becomes the
 * company) or returns with a reason. MAINT_DONE, MAINT_REFUSED (stale), MAINT_NOT_FOUND,
 * MAINT_ERROR (also: return without reason). */
int maint_decide(const struct user *u, long id, int version, int approve, const char *reason, const char *ip);

/* Which version: the one shown while working (pending else current), or the archive
 * (approved only). */
enum maint_view { MAINT_WORKING, MAINT_ARCHIVE };

struct maint_query {
    const char *q[MAINT_MAX_FIELDS];   /* per field: a substring to find, NULL/"" = any */
    const char *org;                   /* bureau: company name substring */
    const char *state;                 /* "" = any, else a state name */
    int expiring;                      /* kinds with cert_expiry: expires within 90 days (or has) */
    int page;                          /* 1-based; 0 = all rows (export) */
};

/* Filings of def in scope: id, version, state, info_state (new / changed / normal),
 * return_reason, org_name, district_name, cert_status (valid / expiring / expired / ""),
 * then every field by its key. With page > 0 at most
 * MAINT_PAGE rows and a total column. NULL on error. */
PGresult *maint_list(const struct user *u, const struct maint_kind_def *def, enum maint_scope scope,
                     enum maint_view view, const struct maint_query *q);
/* One filing of def in scope: id, kind, version, state, info_state, return_reason, org_name,
 * has_current, has_pending, then the working version's fields by key and the approved
 * version's fields as cur_<key>. No row: not in scope. */
PGresult *maint_get(const struct user *u, enum maint_scope scope, const struct maint_kind_def *def, long id);
/* Every approved version of a filing in scope, oldest first, with what changed against
 * the version before: version_id, approved, approver, field, old, new (field "" for the
 * first version, one row per changed field otherwise). NULL on error. */
PGresult *maint_history(const struct user *u, enum maint_scope scope, long id);
/* The kind of filing id in scope: its def, or NULL (not found or error: *err set). */
const struct maint_kind_def *maint_kind_of(const struct user *u, enum maint_scope scope, long id, int *err);

/* In the caller's transaction (registration_submit): the company filing's first version
 * from the registration (name, certificate no., legal representative, responsible person,
 * mobile, address), pending_submit, with its history. 0 or -1. */
int maint_registration_draft(long org_id, long account_id, const char *name, const char *cert_no,
                             const char *legal_rep, const char *contact, const char *mobile, const char *address);

/* Chinese labels. */
const char *maint_info_label(const char *info_state);

#endif
