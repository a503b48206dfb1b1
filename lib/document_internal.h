/* document_internal.h — what lib/document*.c share: the keys, the layouts and the data a
 * layout draws. Not for callers outside lib/. */
#ifndef TEJIAN_DOCUMENT_INTERNAL_H
#define TEJIAN_DOCUMENT_INTERNAL_H

#include <libpq-fe.h>
#include <stddef.h>

#include <openssl/x509.h>

struct pdf_signer;

/* Loaded on first use; NULL when the keys are missing or broken (logged once). */
const struct pdf_signer *doc_signer(void);
X509_STORE *doc_trust(void);

/* Everything the report, notice and label show, as text (never NULL; "" when unknown). */
struct doc_data {
    const char *report_no, *reg_code, *equipment_code, *category_name, *device_name, *use_unit, *address,
        *model, *maker, *factory_no, *kind_label, *inspection_date, *conclusion, *conclusion_label, *next_date,
        *inspectors, *approver, *agency, *notice_no, *notice_kind, *deadline, *use_cert_no, *issued;
    const char *problems;   /* the notice's non-conforming items in order, one a line */
    const char *verify_url; /* <public_url>/verify/<token> of the document being made */
};

/* The layouts (lib/document_pdf.c): unsigned bytes (malloc'd) and where the seal was
 * drawn, so the signature widget can be put over it. 0 or -1. */
struct doc_seal_at {
    int page;
    double x_mm, y_mm, w_mm, h_mm;
};
int doc_pdf_report(const struct doc_data *d, unsigned char **out, size_t *len, struct doc_seal_at *seal);
int doc_pdf_notice(const struct doc_data *d, unsigned char **out, size_t *len, struct doc_seal_at *seal);
int doc_pdf_label(const struct doc_data *d, unsigned char **out, size_t *len);

/* A voucher's lines: report number, device, registration code. */
struct doc_voucher_line {
    const char *report_no, *device_name, *reg_code, *use_unit;
};
int doc_pdf_voucher(const char *voucher_no, const char *account, const char *agency, const char *counter,
                    const char *issued, const struct doc_voucher_line *lines, int n, const char *verify_url,
                    unsigned char **out, size_t *len);

/* Enterprise statements start with this CTE: p.org (NULL when none) and p.acc as $1, $2
 * (doc_who fills them), so every scope condition binds the same parameters. */
#define WITH_P "WITH p AS (SELECT $1::bigint AS org, $2::bigint AS acc) "
#define FROM_REPORT                                                                                            \
    " FROM p, inspection_report r JOIN application_item i ON i.id = r.item_id"                                 \
    " JOIN inspection_application a ON a.id = i.application_id JOIN equipment e ON e.id = r.equipment_id"      \
    " LEFT JOIN fee_order f ON f.item_id = r.item_id"
/* Whether an approved arrears application covers fee order f. */
#define ARREARS_APPROVED                                                                                       \
    "(EXISTS (SELECT 1 FROM arrears_application aa WHERE aa.state = 'approved'"                               \
    " AND f.id = ANY (aa.fee_order_ids)))::int"
struct user;
/* The reports account u sees, as a condition on a (application) and r (report), one per
 * kind of account: a main account its unit's, a sub-account its devices', a
 * non-certified account its own, any other account none. */
#define DOC_SCOPE_MAIN "a.org_id = p.org"
#define DOC_SCOPE_SUB                                                                             \
    "a.org_id = p.org AND EXISTS (SELECT 1 FROM account_equipment ae WHERE ae.account_id = p.acc" \
    " AND ae.equipment_id = r.equipment_id)"
#define DOC_SCOPE_BASIC "a.applicant_id = p.acc"
#define DOC_SCOPE_NONE "false"
enum doc_by { DOC_BY_MAIN, DOC_BY_SUB, DOC_BY_BASIC, DOC_BY_NONE, DOC_NBY };
/* Every scoped statement is a literal, one per kind of account: SQL names a macro of the
 * condition, e.g.
 *   #define NOTICE_SQL(scope) WITH_P "SELECT …" FROM_REPORT " WHERE " scope " AND …"
 *   static const char *const NOTICE[DOC_NBY] = DOC_SCOPED(NOTICE_SQL);
 * and doc_sql(NOTICE, u) picks u's. */
#define DOC_SCOPED(SQL)                                                                                             \
    {[DOC_BY_MAIN] = SQL(DOC_SCOPE_MAIN), [DOC_BY_SUB] = SQL(DOC_SCOPE_SUB), [DOC_BY_BASIC] = SQL(DOC_SCOPE_BASIC), \
     [DOC_BY_NONE] = SQL(DOC_SCOPE_NONE)}
const char *doc_sql(const char *const table[DOC_NBY], const struct user *u);
void doc_who(const struct user *u, char org[24], char acc[24]);
/* A newest-first keyset page's parameters as text: ids below before (0: from the
 * newest) and limit+1 rows (one more tells that a next page exists). */
struct doc_page {
    char before[24], limit[16];
};
void doc_page_params(struct doc_page *p, long before, int limit);

#endif
