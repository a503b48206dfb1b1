/* document_keys.c — the agency's signer and the verification trust store, loaded once per
 * process on first use from the paths in the configuration. */
#include <stdio.h>
#include <string.h>

#include "document.h"
#include "document_internal.h"
#include "log.h"
#include "pdf_sign.h"
#include "pdf_verify.h"

static char cert_path[512], key_path[512], chain_path[512], ca_path[512], public_url[256];
static struct pdf_signer *signer;
static X509_STORE *trust;
static int signer_failed, trust_failed;

void doc_keys_configure(const struct config *cfg)
{
    snprintf(cert_path, sizeof cert_path, "%s", cfg->sign_cert);
    snprintf(key_path, sizeof key_path, "%s", cfg->sign_key);
    snprintf(chain_path, sizeof chain_path, "%s", cfg->sign_chain);
    snprintf(ca_path, sizeof ca_path, "%s", cfg->sign_ca);
    snprintf(public_url, sizeof public_url, "%s", cfg->public_url);
}

const char *doc_public_url(void) { return public_url; }

const struct pdf_signer *doc_signer(void)
{
    /* A failed load is not retried per request (it would log on every completion); a
     * reload (SIGHUP) starts new workers that try again. */
    if (!signer && !signer_failed) {
        if (!cert_path[0] || !key_path[0]) {
            log_error("document: sign_cert / sign_key not configured");
            signer_failed = 1;
        } else if (!(signer = pdf_signer_load(cert_path, key_path, chain_path[0] ? chain_path : NULL))) {
            signer_failed = 1;
        }
    }
    return signer;
}

X509_STORE *doc_trust(void)
{
    if (!trust && !trust_failed) {
        if (!ca_path[0]) {
            log_error("document: sign_ca not configured");
            trust_failed = 1;
        } else if (!(trust = pdf_trust_load(ca_path))) {
            trust_failed = 1;
        }
    }
    return trust;
}
