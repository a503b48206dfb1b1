/* pdf_keys.h — demo signing keys: a root CA and the agency's signing certificate, made
 * with OpenSSL (EC P-256, SHA-256), for test stacks and `make run`. Production uses a
 * certificate from a real CA instead (README, "Signing keys"). */
#ifndef TEJIAN_PDF_KEYS_H
#define TEJIAN_PDF_KEYS_H

#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* A new EC P-256 key; NULL (logged) on error. */
EVP_PKEY *pdf_key_new(void);

/* A certificate for key with subject CN = cn, O = org (UTF-8), valid from not_before to
 * not_after. issuer NULL = self-signed CA (basicConstraints CA:TRUE, keyCertSign, cRLSign);
 * otherwise an end-entity signing certificate (digitalSignature, nonRepudiation) signed by
 * issuer/issuer_key. NULL (logged) on error. */
X509 *pdf_cert_new(EVP_PKEY *key, const char *cn, const char *org, time_t not_before,
                   time_t not_after, X509 *issuer, EVP_PKEY *issuer_key);

/* Makes dir/ca.pem, dir/sign-cert.pem, dir/sign-key.pem (0600),
 * dir/chain.pem (the CA; its key is not kept) unless dir/sign-cert.pem already exists: existing keys are kept.
 * *created is 1 when new keys were written. 0 or -1 (logged). */
int pdf_keys_init(const char *dir, const char *org, int *created);

#endif
