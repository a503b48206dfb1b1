/* fuzz_pdf_verify.c — libFuzzer target for pdf_verify: any bytes get a verdict, never a
 * crash, an out-of-bounds read (ASan) or undefined behaviour (UBSan). The seed corpus
 * (tests/fuzz/corpus/pdf_verify/) holds small files signed with a demo CA; that CA is
 * trusted here (PDF_VERIFY_CA, tests/fuzz/pdf_verify_ca.pem) so that mutations can reach
 * every verdict, VALID included. Also checked: the verdict's message is the code's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_verify.h"

static X509_STORE *trust;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    trust = pdf_trust_load(PDF_VERIFY_CA);
    if (!trust)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pdf_verdict v;

    if (pdf_verify(data, size, trust, &v) != 0)
        abort(); /* only out of memory, which the fuzzer's limits do not reach */
    if ((unsigned)v.code > PDF_V_CERT_EXPIRED || !v.message ||
        strcmp(v.message, pdf_verdict_message(v.code)) != 0 ||
        memchr(v.signer_cn, 0, sizeof v.signer_cn) == NULL ||
        memchr(v.signer_org, 0, sizeof v.signer_org) == NULL ||
        memchr(v.issuer_cn, 0, sizeof v.issuer_cn) == NULL)
        abort();
    return 0;
}
