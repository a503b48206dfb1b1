/* pdf_verify.c — see pdf_verify.h (work in progress: interfaces only). */
#include "pdf_verify.h"

#include <string.h>

#include <openssl/pem.h>
#include <openssl/sha.h>

#include "log.h"

const char *pdf_verdict_message(enum pdf_verdict_code code)
{
    switch (code) {
    case PDF_V_VALID: return "签名有效：文件自签章后未被修改，签章证书可信";
    case PDF_V_NOT_PDF: return "不是有效的 PDF 文件";
    case PDF_V_UNSIGNED: return "文件未签章";
    case PDF_V_PARTIAL: return "签名未覆盖整个文件：签章后文件被追加或改动";
    case PDF_V_DIGEST_MISMATCH: return "文件内容在签章后被修改";
    case PDF_V_BAD_CMS: return "签名数据损坏或无效";
    case PDF_V_UNTRUSTED: return "签名完整，但签章证书不是可信机构签发的";
    case PDF_V_CERT_EXPIRED: return "签章时证书不在有效期内";
    }
    return "未知结果";
}

int pdf_verify(const unsigned char *pdf, size_t len, X509_STORE *trust, struct pdf_verdict *v)
{
    memset(v, 0, sizeof *v);
    if (pdf)
        SHA256(pdf, len, v->sha256);
    v->code = PDF_V_NOT_PDF;
    v->message = pdf_verdict_message(v->code);
    return 0;
}

X509_STORE *pdf_trust_load(const char *ca_pem_path)
{
    log_error("pdf_verify: not implemented yet");
    return NULL;
}
