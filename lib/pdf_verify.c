/* pdf_verify.c — see pdf_verify.h.
 *
 * The parser does not read the PDF's object structure: it looks for the last
 * "/ByteRange [a b c d]" in the file and requires the gap between the two ranges to be
 * exactly the hex string that follows a "/Contents" key. With a = 0 and c + d = len,
 * every byte outside that hex string is signed (the /ByteRange itself included), so
 * nothing else in the file needs to be understood. Every index is checked against len
 * before use; numbers are bounded by len, so sums cannot overflow. */
#include "pdf_verify.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "log.h"

/* Largest /Contents accepted, in DER bytes (a signature is a few KiB). */
#define CONTENTS_MAX (256 * 1024)

const char *pdf_verdict_message(enum pdf_verdict_code code)
{
    switch (code) {
    case PDF_V_VALID:
        return "签章有效：文件自签章后未被修改，签章证书由可信机构签发且签章时在有效期内";
    case PDF_V_NOT_PDF:
        return "不是有效的 PDF 文件";
    case PDF_V_UNSIGNED:
        return "文件没有电子签章";
    case PDF_V_PARTIAL:
        return "签章未覆盖整个文件：签章后文件被追加或改动";
    case PDF_V_DIGEST_MISMATCH:
        return "文件内容在签章后被修改，签章无效";
    case PDF_V_BAD_CMS:
        return "签章数据损坏或签名无效";
    case PDF_V_UNTRUSTED:
        return "签章完整，但签章证书不是由可信机构签发的";
    case PDF_V_CERT_EXPIRED:
        return "签章时签章证书不在有效期内";
    }
    return "未知的验证结果";
}

static int verdict(struct pdf_verdict *v, enum pdf_verdict_code code)
{
    v->code = code;
    v->message = pdf_verdict_message(code);
    return 0;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The last occurrence of needle in p[0, len), or SIZE_MAX. */
static size_t find_last(const unsigned char *p, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n > len)
        return SIZE_MAX;
    for (size_t i = len - n + 1; i-- > 0;)
        if (p[i] == (unsigned char)needle[0] && memcmp(p + i, needle, n) == 0)
            return i;
    return SIZE_MAX;
}

/* A non-negative integer at *i (after whitespace), at most max; -1 otherwise. */
static int read_num(const unsigned char *p, size_t len, size_t *i, size_t max, size_t *out)
{
    size_t j = *i, v = 0, start;

    while (j < len && is_ws(p[j]))
        j++;
    start = j;
    while (j < len && p[j] >= '0' && p[j] <= '9') {
        size_t dgt = (size_t)(p[j] - '0');
        if (v > (max - dgt) / 10)
            return -1;
        v = v * 10 + dgt;
        j++;
    }
    if (j == start || j - start > 20)
        return -1;
    *i = j;
    *out = v;
    return 0;
}

/* ---- the byte ranges ---- */

struct ranges {
    size_t a, b, c, d;
    unsigned char *der; /* decoded /Contents */
    size_t der_len;
};

/* Finds /ByteRange and /Contents; a verdict code other than VALID stops here. */
static enum pdf_verdict_code find_ranges(const unsigned char *p, size_t len, struct ranges *r)
{
    size_t i = find_last(p, len, "/ByteRange"), k, nhex = 0;

    if (i == SIZE_MAX)
        return PDF_V_UNSIGNED;
    i += 10;
    while (i < len && is_ws(p[i]))
        i++;
    if (i >= len || p[i] != '[')
        return PDF_V_BAD_CMS;
    i++;
    if (read_num(p, len, &i, len, &r->a) < 0 || read_num(p, len, &i, len, &r->b) < 0 ||
        read_num(p, len, &i, len, &r->c) < 0 || read_num(p, len, &i, len, &r->d) < 0)
        return PDF_V_BAD_CMS;
    while (i < len && is_ws(p[i]))
        i++;
    if (i >= len || p[i] != ']')
        return PDF_V_BAD_CMS;
    /* Both ranges inside the file, in order, with a gap between them (all ≤ len). */
    if (r->a != 0 || r->b >= r->c || r->c > len || r->d > len - r->c)
        return PDF_V_PARTIAL;
    if (r->c + r->d != len)
        return PDF_V_PARTIAL;
    /* The gap is "<hex>" and follows the /Contents key. */
    if (p[r->b] != '<' || p[r->c - 1] != '>' || r->c - r->b < 2)
        return PDF_V_PARTIAL;
    k = r->b;
    while (k > 0 && is_ws(p[k - 1]))
        k--;
    if (k < 9 || memcmp(p + k - 9, "/Contents", 9) != 0)
        return PDF_V_PARTIAL;
    for (k = r->b + 1; k < r->c - 1; k++) {
        if (hexval(p[k]) >= 0)
            nhex++;
        else if (!is_ws(p[k]))
            return PDF_V_BAD_CMS;
    }
    if (nhex < 2 || nhex / 2 > CONTENTS_MAX)
        return PDF_V_BAD_CMS;
    if (!(r->der = malloc(nhex / 2 + 1)))
        return PDF_V_VALID; /* the caller sees der NULL: out of memory */
    r->der_len = 0;
    {
        int hi = -1;
        for (k = r->b + 1; k < r->c - 1; k++) {
            int h = hexval(p[k]);
            if (h < 0)
                continue;
            if (hi < 0) {
                hi = h;
            } else {
                r->der[r->der_len++] = (unsigned char)(hi << 4 | h);
                hi = -1;
            }
        }
    }
    return PDF_V_VALID;
}

/* ---- certificate details ---- */

static void name_entry(X509_NAME *name, int nid, char *out, size_t n)
{
    int idx = name ? X509_NAME_get_index_by_NID(name, nid, -1) : -1;
    unsigned char *utf8 = NULL;
    int len;

    out[0] = '\0';
    if (idx < 0)
        return;
    len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx)));
    if (len < 0)
        return;
    if ((size_t)len >= n)
        len = (int)n - 1; /* may cut a character: the field is for display */
    memcpy(out, utf8, (size_t)len);
    out[len] = '\0';
    OPENSSL_free(utf8);
}

static time_t asn1_time(const ASN1_TIME *t)
{
    struct tm tm;
    if (!t || !ASN1_TIME_to_tm(t, &tm))
        return 0;
    return timegm(&tm);
}

static void cert_details(X509 *cert, struct pdf_verdict *v)
{
    name_entry(X509_get_subject_name(cert), NID_commonName, v->signer_cn, sizeof v->signer_cn);
    name_entry(X509_get_subject_name(cert), NID_organizationName, v->signer_org,
               sizeof v->signer_org);
    name_entry(X509_get_issuer_name(cert), NID_commonName, v->issuer_cn, sizeof v->issuer_cn);
    v->cert_not_before = asn1_time(X509_get0_notBefore(cert));
    v->cert_not_after = asn1_time(X509_get0_notAfter(cert));
}

/* The signing-time attribute of si, 0 when absent. */
static time_t signing_time(CMS_SignerInfo *si)
{
    int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    X509_ATTRIBUTE *attr = idx >= 0 ? CMS_signed_get_attr(si, idx) : NULL;
    ASN1_TYPE *t = attr ? X509_ATTRIBUTE_get0_type(attr, 0) : NULL;

    if (!t || (t->type != V_ASN1_UTCTIME && t->type != V_ASN1_GENERALIZEDTIME))
        return 0;
    return asn1_time((const ASN1_TIME *)t->value.asn1_string);
}

/* The digest of the two ranges with md. */
static int digest_ranges(const EVP_MD *md, const unsigned char *p, const struct ranges *r,
                         unsigned char *out, unsigned *out_len)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) && EVP_DigestUpdate(ctx, p + r->a, r->b) &&
             EVP_DigestUpdate(ctx, p + r->c, r->d) && EVP_DigestFinal_ex(ctx, out, out_len);
    EVP_MD_CTX_free(ctx);
    return ok ? 0 : -1;
}

/* Chain check of the signer at the signing time (now when there is none). */
static enum pdf_verdict_code chain_check(X509 *signer, STACK_OF(X509) *certs, X509_STORE *trust,
                                         time_t when)
{
    X509_STORE_CTX *ctx = NULL;
    enum pdf_verdict_code code = PDF_V_UNTRUSTED;
    int err;

    /* A certificate restricted to other uses (keyUsage without digitalSignature or
     * nonRepudiation) does not sign documents; no keyUsage at all means any use. */
    if (!(X509_get_key_usage(signer) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)))
        goto out;
    if (!trust || !(ctx = X509_STORE_CTX_new()) ||
        !X509_STORE_CTX_init(ctx, trust, signer, certs))
        goto out;
    X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), when ? when : time(NULL));
    if (X509_verify_cert(ctx) == 1) {
        code = PDF_V_VALID;
        goto out;
    }
    err = X509_STORE_CTX_get_error(ctx);
    if (err == X509_V_ERR_CERT_HAS_EXPIRED || err == X509_V_ERR_CERT_NOT_YET_VALID)
        code = PDF_V_CERT_EXPIRED;
out:
    X509_STORE_CTX_free(ctx);
    ERR_clear_error();
    return code;
}

/* The CMS part: parse, digest, signature over the attributes, chain. */
static enum pdf_verdict_code check_cms(const unsigned char *p, const struct ranges *r,
                                       X509_STORE *trust, struct pdf_verdict *v)
{
    const unsigned char *q = r->der;
    CMS_ContentInfo *cms = NULL;
    STACK_OF(CMS_SignerInfo) *sis;
    STACK_OF(X509) *certs = NULL;
    CMS_SignerInfo *si;
    X509 *signer = NULL;
    X509_ALGOR *dig_alg = NULL;
    const EVP_MD *md;
    ASN1_OCTET_STRING *md_attr;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned dlen = 0;
    enum pdf_verdict_code code = PDF_V_BAD_CMS;

    if (r->der_len > LONG_MAX || !(cms = d2i_CMS_ContentInfo(NULL, &q, (long)r->der_len)) ||
        OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed || !CMS_is_detached(cms))
        goto out;
    sis = CMS_get0_SignerInfos(cms);
    if (!sis || sk_CMS_SignerInfo_num(sis) != 1)
        goto out;
    si = sk_CMS_SignerInfo_value(sis, 0);
    certs = CMS_get1_certs(cms);
    if (!certs || CMS_set1_signers_certs(cms, certs, CMS_NOINTERN) < 0)
        goto out;
    CMS_SignerInfo_get0_algs(si, NULL, &signer, &dig_alg, NULL);
    if (!signer || !dig_alg)
        goto out;
    cert_details(signer, v);
    v->signing_time = signing_time(si);
    /* The digest of the ranges against the signed messageDigest attribute. */
    md = EVP_get_digestbyobj(dig_alg->algorithm);
    md_attr = CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3,
                                          V_ASN1_OCTET_STRING);
    if (!md || !md_attr || digest_ranges(md, p, r, digest, &dlen) < 0)
        goto out;
    if ((unsigned)ASN1_STRING_length(md_attr) != dlen ||
        CRYPTO_memcmp(ASN1_STRING_get0_data(md_attr), digest, dlen) != 0) {
        code = PDF_V_DIGEST_MISMATCH;
        goto out;
    }
    /* The signature over the signed attributes (which hold that digest). */
    if (CMS_SignerInfo_verify(si) != 1)
        goto out;
    code = chain_check(signer, certs, trust, v->signing_time);
out:
    sk_X509_pop_free(certs, X509_free);
    CMS_ContentInfo_free(cms);
    ERR_clear_error();
    return code;
}

int pdf_verify(const unsigned char *pdf, size_t len, X509_STORE *trust, struct pdf_verdict *v)
{
    struct ranges r = {0};
    enum pdf_verdict_code code;
    size_t head = len < 1024 ? len : 1024;

    if (!v)
        return -1;
    memset(v, 0, sizeof *v);
    if (!pdf)
        return verdict(v, PDF_V_NOT_PDF);
    SHA256(pdf, len, v->sha256);
    if (find_last(pdf, head, "%PDF-") == SIZE_MAX)
        return verdict(v, PDF_V_NOT_PDF);
    code = find_ranges(pdf, len, &r);
    if (code != PDF_V_VALID)
        return verdict(v, code);
    if (!r.der) {
        log_error("pdf_verify: out of memory");
        return -1;
    }
    code = check_cms(pdf, &r, trust, v);
    free(r.der);
    return verdict(v, code);
}

X509_STORE *pdf_trust_load(const char *ca_pem_path)
{
    X509_STORE *st = X509_STORE_new();

    if (!st || !ca_pem_path || X509_STORE_load_file(st, ca_pem_path) != 1) {
        log_error("pdf_verify: cannot load CA certificates from %s", ca_pem_path ? ca_pem_path : "(none)");
        X509_STORE_free(st);
        ERR_clear_error();
        return NULL;
    }
    return st;
}
