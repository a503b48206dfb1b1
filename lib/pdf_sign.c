/* pdf_sign.c — see pdf_sign.h (work in progress: interfaces only). */
#include "pdf_sign.h"

#include <stdlib.h>

#include "log.h"

struct pdf_signer {
    int unused;
};

struct pdf_signer *pdf_signer_load(const char *cert_pem_path, const char *key_pem_path,
                                   const char *chain_pem_path)
{
    log_error("pdf_sign: not implemented yet");
    return NULL;
}

void pdf_signer_free(struct pdf_signer *s)
{
    free(s);
}

int pdf_sign(const struct pdf_signer *s, const unsigned char *pdf, size_t len,
             const struct pdf_sig_field *f, time_t signing_time,
             unsigned char **out, size_t *out_len)
{
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    log_error("pdf_sign: not implemented yet");
    return -1;
}
