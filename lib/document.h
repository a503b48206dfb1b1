/* document.h — the documents of a completed inspection: 检验报告 (report), 检验意见通知书
 * (notice), 设备标签 (label), generated once when the application is completed (in the
 * completion's transaction), stored as blobs with a per-document verification token,
 * re-issued or revoked by the agency (WF_DOCUMENT); the pickup voucher (报告领取凭证) for
 * a batch of reports; who may download what (one pure function); counter payments of
 * fee orders (WF_FEE_ORDER). */
#ifndef TEJIAN_DOCUMENT_H
#define TEJIAN_DOCUMENT_H

#include <libpq-fe.h>
#include <stddef.h>

#include "auth.h"
#include "config.h"

enum { DOC_DONE = 0, DOC_NOT_FOUND = 1, DOC_STALE = 2, DOC_REFUSED = 3, DOC_ERROR = -1 };

/* ---- who gets what (lib/document_access.c, pure) ---------------------------------- */

enum doc_access {
    DOC_ALLOW,          /* may download */
    DOC_DENY,           /* not theirs (answer 404: nothing is disclosed) */
    DOC_UNPAID,         /* theirs, but the fee order is unpaid and no arrears approval covers it */
    DOC_VOUCHER_ONLY,   /* theirs, but a non-certified account gets only the pickup voucher */
};
/* What is known about one document and its owner. */
struct doc_facts {
    const char *kind;       /* report, notice, label, voucher */
    long org_id;            /* the application's unit; 0 for a non-certified applicant */
    long applicant_id;      /* the account that applied (voucher: that asked for it) */
    int device_assigned;    /* the device is among the sub-account's devices (account_equipment) */
    int paid;               /* the fee order is paid */
    int arrears_approved;   /* an approved arrears application covers the fee order */
};
/* The one decision (tested as a table in tests/unit/test_document.c). */
enum doc_access doc_access(const struct user *u, const struct doc_facts *f);

/* ---- the signer and trust store (lib/document_keys.c) ----------------------------- */

/* Remembers where the keys are (worker and CLI start-up); they are loaded on first use,
 * once per process. */
void doc_keys_configure(const struct config *cfg);
/* The public base URL of verification links ("https://…", no trailing slash). */
const char *doc_public_url(void);

/* ---- issuing (lib/document.c) -------------------------------------------------------- */

/* In the caller's open transaction: the report, notice and label of report report_id
 * (version 1), signed, stored, recorded (workflow event "issue" + audit). actor issues
 * them. 0, or -1 with *msg a Chinese reason (e.g. signing failed) for the user. */
int doc_issue_for_report(const struct user *actor, long report_id, const char *ip, const char **msg);

/* The agency re-issues document doc_id (state issued, at row_version): a new version of
 * the same kind from the current data, the old one superseded. Own transaction. DOC_DONE
 * (*new_id), DOC_NOT_FOUND (not the agency's region), DOC_STALE, DOC_ERROR (*msg). */
int doc_reissue(const struct user *u, long doc_id, int row_version, const char *ip, long *new_id, const char **msg);
/* Revokes it with a reason (required: DOC_REFUSED). */
int doc_revoke(const struct user *u, long doc_id, int row_version, const char *reason, const char *ip);

/* ---- reading ------------------------------------------------------------------------- */

/* One document with the facts access needs: id, kind, state, version, row_version,
 * blob_sha256, file_name, token, org_id, applicant_id, device_assigned (for u), paid,
 * arrears_approved, report_id, report_no, fee_order_no, amount_fen. Caller PQclears. */
PGresult *doc_get(const struct user *u, long doc_id);
/* Fills f from row 0 of a doc_get result (strings point into res). */
void doc_facts_of(PGresult *res, struct doc_facts *f);

struct doc_filter {
    char q[64];          /* report number, registration code or device name contains */
    char conclusion[16]; /* qualified / unqualified / requalified / "" */
    char paid[8];        /* "yes" / "no" / "" */
};
/* The reports an enterprise account may see (main: its unit's; sub: its devices;
 * non-certified: its own applications), newest first, keyset by report id:
 * report_id, report_no, conclusion, inspection_date, next_date, reg_code, device_name,
 * address, fee_order_no, amount_fen, paid, arrears_approved, report_doc, notice_doc,
 * label_doc, notice_kind. limit + 1 rows. */
PGresult *doc_my_reports(const struct user *u, const struct doc_filter *f, long before, int limit);
/* Notices likewise: notice_id, notice_no, kind, deadline, report_no, reg_code,
 * device_name, notice_doc, created. */
PGresult *doc_my_notices(const struct user *u, const char *q, long before, int limit);

/* The agency's documents of its region by report number: id, kind, version, state,
 * row_version, report_no, org_name, created, state_reason. */
PGresult *doc_agency_list(const struct user *u, const char *report_no, long before, int limit);

/* A pickup voucher for reports ids (n of them, each one u may see), stored as a
 * document: DOC_DONE (*doc_id), DOC_REFUSED (none of them, or not u's), DOC_ERROR. */
int doc_voucher(const struct user *u, const long *ids, int n, const char *ip, long *doc_id);

/* ---- verification (public) ------------------------------------------------------------ */

/* The document with this token (32 hex) or this SHA-256 (32 bytes) — whichever is
 * given: kind, state, version, report_no, issuer, state_reason, state_at, sha256 (hex),
 * created, device_name, reg_code, newer (1 when a newer version exists). Caller PQclears. */
PGresult *doc_by_token(const char *token);
PGresult *doc_by_sha256(const unsigned char sha[32]);
/* The newest version of the report with this number (the home page's look-up). */
PGresult *doc_by_report_no(const char *number);
/* The stored bytes of a document found by token (caller frees). 1, 0 none, -1. */
int doc_bytes_by_token(const char *token, char **data, size_t *len);

/* ---- payments (lib/payment.c) --------------------------------------------------------- */

/* Fee orders of the cashier's region by number or unit name (contains): id, number,
 * org_name, amount_fen, state, version, report_no, device_name, created, receipt_no,
 * method, paid_at. Newest first. */
PGresult *pay_find(const struct user *u, const char *q, long before, int limit);
struct pay_input {
    const char *amount;      /* yuan as typed; must equal the order's amount */
    const char *method;      /* cash / transfer / pos */
    const char *receipt_no;
};
/* Records the payment of fee order id (version) by cashier u: payment row, the order
 * unpaid → paid (compare-and-set), history, audit, one transaction. DOC_DONE,
 * DOC_REFUSED (*msg), DOC_NOT_FOUND, DOC_STALE, DOC_ERROR. */
int pay_record(const struct user *u, long fee_order_id, int version, const struct pay_input *in, const char *ip,
               const char **msg);
/* "现金" etc.; NULL when unknown. */
const char *pay_method_label(const char *method);

/* ---- arrears applications (lib/arrears.c) ---------------------------------------------- */

/* Unpaid fee orders of u's reports not covered by an open or approved arrears
 * application: id, number, amount_fen, report_no, device_name. At most 100. */
PGresult *arrears_open_orders(const struct user *u);
/* u's unit's applications (a sub-account: its own), newest first, keyset by id: id,
 * state, orders (numbers, comma-separated), amount_fen, reason, promised_date,
 * reject_reason, created. limit + 1 rows. */
PGresult *arrears_mine(const struct user *u, long before, int limit);
struct arrears_input {
    const long *orders;
    int n;
    const char *reason, *promised_date;
};
/* Submits an arrears application for the orders (each u's, unpaid, not covered, one
 * agency region): DOC_DONE, DOC_REFUSED (*msg), DOC_ERROR. */
int arrears_submit(const struct user *u, const struct arrears_input *in, const char *ip, const char **msg);
/* The agency's queue of its region by state: id, org_name, orders, amount_fen, reason,
 * promised_date, state, version, reject_reason, created. */
PGresult *arrears_queue(const struct user *u, const char *state, long before, int limit);
/* approve 1 / 0 (reject: reason required, DOC_REFUSED). DOC_DONE, DOC_NOT_FOUND,
 * DOC_STALE, DOC_ERROR. */
int arrears_decide(const struct user *u, long id, int version, int approve, const char *reason, const char *ip);

#endif
