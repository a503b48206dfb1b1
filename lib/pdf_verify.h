/* pdf_verify.h — verification of the (last) signature of a PDF: the project's own bounded
 * parser finds /ByteRange and /Contents, OpenSSL checks the CMS and the chain. */
#ifndef TEJIAN_PDF_VERIFY_H
#define TEJIAN_PDF_VERIFY_H

#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

enum pdf_verdict_code {
    PDF_V_VALID = 0,        /* signature valid, covers the whole file, chains to a trusted CA */
    PDF_V_NOT_PDF,          /* not a PDF at all / unparseable */
    PDF_V_UNSIGNED,         /* a PDF without a signature */
    PDF_V_PARTIAL,          /* ByteRange does not cover the whole file (bytes appended after signing, or gaps) */
    PDF_V_DIGEST_MISMATCH,  /* content changed after signing */
    PDF_V_BAD_CMS,          /* CMS malformed or signature over the attributes invalid */
    PDF_V_UNTRUSTED,        /* signature intact but the certificate does not chain to a trusted CA */
    PDF_V_CERT_EXPIRED      /* certificate not valid at the signing time */
};

struct pdf_verdict {
    enum pdf_verdict_code code;
    const char *message;          /* Chinese, static, for the verification page */
    unsigned char sha256[32];     /* of the whole file as given */
    time_t signing_time;          /* from the CMS signing-time attribute; 0 = none */
    char signer_cn[256];          /* subject CN of the signing certificate, UTF-8 */
    char signer_org[256];         /* subject O */
    char issuer_cn[256];
    time_t cert_not_before, cert_not_after;
};

/* Verifies the (last) signature of a PDF with the project's own parser (ByteRange,
 * /Contents hex) and OpenSSL CMS, trusting the CA certificates in trust. Never crashes
 * or reads out of bounds on any input (fuzzed). Returns 0 when a verdict was reached
 * (any code), -1 on an internal error (out of memory). */
int pdf_verify(const unsigned char *pdf, size_t len, X509_STORE *trust, struct pdf_verdict *v);

/* Loads a trust store from a PEM file with one or more CA certificates; NULL on error. */
X509_STORE *pdf_trust_load(const char *ca_pem_path);

/* The Chinese message for a code (static). */
const char *pdf_verdict_message(enum pdf_verdict_code code);

#endif
