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

#endif
