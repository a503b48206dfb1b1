/* pdf_sign.h — PAdES-style detached CMS signatures appended to PDFs made by lib/pdf.c.
 *
 * pdf_sign appends one incremental update (signature dictionary, /Sig field and widget,
 * the page with the widget in /Annots, the catalog with /AcroForm, an xref section and a
 * trailer with /Prev) and fills /Contents with a CMS SignedData over the /ByteRange.
 * Adobe Reader, poppler's pdfsig and NSS accept the result. */
#ifndef TEJIAN_PDF_SIGN_H
#define TEJIAN_PDF_SIGN_H

#include <stddef.h>
#include <time.h>

struct pdf_signer;

/* Loads the signer: certificate, private key and the chain up to (and including) the
 * CA, PEM files. NULL (logged) on error. */
struct pdf_signer *pdf_signer_load(const char *cert_pem_path, const char *key_pem_path,
                                   const char *chain_pem_path);
void pdf_signer_free(struct pdf_signer *s);

/* The visible signature: a widget on page `page` (0-based) over rect (mm from the
 * page's top-left), normally over the drawn seal. */
struct pdf_sig_field {
    int page;
    double x_mm, y_mm, w_mm, h_mm;
    const char *name;      /* field name, e.g. "签章1" or "Signature1" */
    const char *reason;    /* /Reason, e.g. "检验报告电子签章" */
    const char *location;  /* /Location, may be NULL */
};

/* Appends an incremental update to a PDF made by lib/pdf.c: AcroForm with SigFlags 3, a
 * /Sig field (/Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached) with /ByteRange
 * and /Contents filled with a detached CMS SignedData (SHA-256, signing-time attribute,
 * certificates included) over the byte ranges. signing_time 0 = now. *out is malloc'd.
 * 0 or -1 (logged). */
int pdf_sign(const struct pdf_signer *s, const unsigned char *pdf, size_t len,
             const struct pdf_sig_field *f, time_t signing_time,
             unsigned char **out, size_t *out_len);

#endif
