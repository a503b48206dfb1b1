/* test_pdf_sign.c — signing and verification: a generated document signed with demo keys
 * verifies VALID with the signer's details; a byte changed anywhere in either signed range
 * is DIGEST_MISMATCH, bytes appended PARTIAL, another CA UNTRUSTED, a certificate expired
 * at the signing time CERT_EXPIRED, a PDF without signature UNSIGNED; every truncation
 * and many corruptions of a small signed file get a verdict without a crash (ASan in the
 * fuzz target goes further). pdfsig/NSS read the same files in tests/pdf-sign-test.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/sha.h>

#include "pdf.h"
#include "pdf_keys.h"
#include "pdf_sign.h"
#include "pdf_verify.h"

#define ORG "天津市特种设备监督检验技术研究院"
#define YEAR (365L * 24 * 3600)

struct fixture {
    char dir[64];                /* trusted keys (pdf_keys_init) */
    char other[80];              /* another CA's keys */
    char expired[80];            /* trusted CA, signing certificate expired last year */
    struct pdf_signer *signer, *expired_signer;
    X509_STORE *trust, *other_trust;
    unsigned char *doc, *small;  /* unsigned: an A4 page, and a tiny page */
    size_t doc_len, small_len;
};

static const struct pdf_sig_field FIELD = {
    .page = 0, .x_mm = 120, .y_mm = 60, .w_mm = 40, .h_mm = 40,
    .name = "签章1", .reason = "检验报告电子签章", .location = "天津",
};

static struct pdf_signer *load(const char *dir)
{
    char c[128], k[128], ch[128];
    snprintf(c, sizeof c, "%s/sign-cert.pem", dir);
    snprintf(k, sizeof k, "%s/sign-key.pem", dir);
    snprintf(ch, sizeof ch, "%s/chain.pem", dir);
    return pdf_signer_load(c, k, ch);
}

static X509_STORE *trust_of(const char *dir)
{
    char p[128];
    snprintf(p, sizeof p, "%s/ca.pem", dir);
    return pdf_trust_load(p);
}

static int write_pem(const char *dir, const char *name, X509 *cert, EVP_PKEY *key)
{
    char p[128];
    FILE *f;
    int ok;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (!(f = fopen(p, "w")))
        return -1;
    ok = cert ? PEM_write_X509(f, cert) : PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* A CA valid now, signing certificate valid two years ago to one year ago, in dir; the CA
 * also as dir/ca.pem. */
static int make_expired(const char *dir)
{
    time_t now = time(NULL);
    EVP_PKEY *ca_key = pdf_key_new(), *key = pdf_key_new();
    X509 *ca = ca_key ? pdf_cert_new(ca_key, "过期测试根证书", ORG, now - 3 * YEAR, now + YEAR, NULL, NULL) : NULL;
    X509 *cert = ca && key ? pdf_cert_new(key, ORG, ORG, now - 2 * YEAR, now - YEAR, ca, ca_key) : NULL;
    int rc = -1;

    if (cert && write_pem(dir, "ca.pem", ca, NULL) == 0 && write_pem(dir, "chain.pem", ca, NULL) == 0 &&
        write_pem(dir, "sign-cert.pem", cert, NULL) == 0 && write_pem(dir, "sign-key.pem", NULL, key) == 0)
        rc = 0;
    X509_free(cert);
    X509_free(ca);
    EVP_PKEY_free(key);
    EVP_PKEY_free(ca_key);
    return rc;
}

static int make_doc(double w, double h, int content, unsigned char **out, size_t *len)
{
    struct pdf_doc *d = pdf_new(&(struct pdf_meta){.title = "签章测试", .page_w_mm = w,
                                                  .page_h_mm = h, .margin_mm = w < 100 ? 5 : 0});
    if (!d)
        return -1;
    if (content) {
        pdf_title(d, "特种设备定期检验报告");
        pdf_paragraph(d, NULL, "检验结论：合格。本报告经电子签章，可在验真平台核验。");
        pdf_seal(d, 140, 80, 40, ORG, "检验专用章");
        pdf_qr(d, 25, 60, 30, "https://tejian.example.cn/verify/TJ-2026-000001");
    }
    return pdf_finish(d, out, len);
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    int created;

    if (!fx)
        return -1;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_pdf_sign.XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    snprintf(fx->other, sizeof fx->other, "%s/other", fx->dir);
    snprintf(fx->expired, sizeof fx->expired, "%s/expired", fx->dir);
    if (pdf_keys_init(fx->dir, ORG, &created) < 0 || !created ||
        pdf_keys_init(fx->other, "另一个检验机构", &created) < 0 ||
        mkdir(fx->expired, 0700) < 0 || make_expired(fx->expired) < 0)
        return -1;
    fx->signer = load(fx->dir);
    fx->expired_signer = load(fx->expired);
    fx->trust = trust_of(fx->dir);
    fx->other_trust = trust_of(fx->other);
    if (!fx->signer || !fx->expired_signer || !fx->trust || !fx->other_trust ||
        make_doc(0, 0, 1, &fx->doc, &fx->doc_len) < 0 ||
        make_doc(20, 20, 0, &fx->small, &fx->small_len) < 0)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    char cmd[200];

    pdf_signer_free(fx->signer);
    pdf_signer_free(fx->expired_signer);
    X509_STORE_free(fx->trust);
    X509_STORE_free(fx->other_trust);
    free(fx->doc);
    free(fx->small);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (strncmp(fx->dir, "/tmp/test_pdf_sign.", 19) == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", fx->dir);
    free(fx);
    return 0;
}

static enum pdf_verdict_code verify(const unsigned char *p, size_t len, X509_STORE *trust)
{
    struct pdf_verdict v;
    assert_int_equal(pdf_verify(p, len, trust, &v), 0);
    assert_non_null(v.message);
    assert_true(strlen(v.message) > 0);
    return v.code;
}

static void sign(const struct pdf_signer *s, const unsigned char *in, size_t len, time_t when,
                 unsigned char **out, size_t *out_len)
{
    assert_int_equal(pdf_sign(s, in, len, &FIELD, when, out, out_len), 0);
    assert_non_null(*out);
    assert_true(*out_len > len);
    assert_memory_equal(*out, in, len); /* an incremental update: the original is kept */
}

/* The offsets of "/ByteRange [a b c d]" in a file we signed. */
static void byte_range(const unsigned char *p, size_t len, size_t r[4], size_t *at, size_t *end)
{
    const unsigned char *k = memmem(p, len, "/ByteRange [", 12);
    char tmp[64];
    assert_non_null(k);
    *at = (size_t)(k - p);
    memcpy(tmp, k + 12, sizeof tmp - 1);
    tmp[sizeof tmp - 1] = '\0';
    assert_int_equal(sscanf(tmp, "%zu %zu %zu %zu", &r[0], &r[1], &r[2], &r[3]), 4);
    *end = (size_t)((const unsigned char *)strchr(tmp, ']') - (const unsigned char *)tmp) + *at + 12;
}

static void valid_with_details(void **state)
{
    struct fixture *fx = *state;
    unsigned char *out = NULL, sha[32];
    size_t len = 0, r[4], at, end;
    time_t when = time(NULL) - 3600;
    struct pdf_verdict v;

    sign(fx->signer, fx->doc, fx->doc_len, when, &out, &len);
    byte_range(out, len, r, &at, &end);
    assert_int_equal(r[0], 0);
    assert_int_equal(r[2] + r[3], len);
    assert_int_equal(out[r[1]], '<');
    assert_int_equal(out[r[2] - 1], '>');
    assert_int_equal(pdf_verify(out, len, fx->trust, &v), 0);
    assert_int_equal(v.code, PDF_V_VALID);
    assert_string_equal(v.message, pdf_verdict_message(PDF_V_VALID));
    assert_int_equal(v.signing_time, when);
    assert_string_equal(v.signer_cn, ORG);
    assert_string_equal(v.signer_org, ORG);
    assert_string_equal(v.issuer_cn, ORG " 演示根证书");
    assert_true(v.cert_not_before <= when && when < v.cert_not_after);
    assert_true(v.cert_not_after - v.cert_not_before > YEAR);
    SHA256(out, len, sha);
    assert_memory_equal(v.sha256, sha, 32);
    /* the structure pdfsig relies on */
    assert_non_null(memmem(out, len, "/SubFilter /adbe.pkcs7.detached", 31));
    assert_non_null(memmem(out, len, "/SigFlags 3", 11));
    assert_non_null(memmem(out, len, "/FT /Sig", 8));
    assert_non_null(memmem(out, len, "/Prev ", 6));
    free(out);
}

static void signing_time_now_by_default(void **state)
{
    struct fixture *fx = *state;
    unsigned char *out = NULL;
    size_t len = 0;
    time_t t0 = time(NULL);
    struct pdf_verdict v;

    sign(fx->signer, fx->small, fx->small_len, 0, &out, &len);
    assert_int_equal(pdf_verify(out, len, fx->trust, &v), 0);
    assert_int_equal(v.code, PDF_V_VALID);
    assert_true(v.signing_time >= t0 && v.signing_time <= time(NULL));
    free(out);
}

/* A byte changed at 24 places spread over each signed range (the /ByteRange text itself
 * aside: changing it is a different verdict, PARTIAL) makes DIGEST_MISMATCH. */
static void changed_byte_is_digest_mismatch(void **state)
{
    struct fixture *fx = *state;
    unsigned char *out = NULL;
    size_t len = 0, r[4], at, end;
    int tried = 0;

    sign(fx->signer, fx->doc, fx->doc_len, 0, &out, &len);
    byte_range(out, len, r, &at, &end);
    for (int range = 0; range < 2; range++) {
        size_t start = range ? r[2] : r[0], n = range ? r[3] : r[1];
        for (int k = 0; k < 24; k++) {
            size_t pos = start + n * (size_t)k / 24 + 7 % n;
            if (pos >= at && pos < end)
                continue;
            out[pos] ^= 0x01;
            assert_int_equal(verify(out, len, fx->trust), PDF_V_DIGEST_MISMATCH);
            out[pos] ^= 0x01;
            tried++;
        }
    }
    assert_true(tried >= 40);
    assert_int_equal(verify(out, len, fx->trust), PDF_V_VALID);
    /* the signature's own bytes: not valid either way */
    out[r[1] + 200] = out[r[1] + 200] == 'A' ? 'B' : 'A';
    assert_int_not_equal(verify(out, len, fx->trust), PDF_V_VALID);
    free(out);
}

static void appended_is_partial(void **state)
{
    struct fixture *fx = *state;
    unsigned char *out = NULL, *more;
    size_t len = 0;

    sign(fx->signer, fx->small, fx->small_len, 0, &out, &len);
    more = malloc(len + 40);
    assert_non_null(more);
    memcpy(more, out, len);
    memcpy(more + len, "\n% appended after signing\n", 26);
    assert_int_equal(verify(more, len + 26, fx->trust), PDF_V_PARTIAL);
    assert_int_equal(verify(more, len + 1, fx->trust), PDF_V_PARTIAL);
    assert_int_equal(verify(out, len - 1, fx->trust), PDF_V_PARTIAL); /* cut short */
    free(more);
    free(out);
}

static void other_ca_is_untrusted(void **state)
{
    struct fixture *fx = *state;
    unsigned char *out = NULL;
    size_t len = 0;
    struct pdf_verdict v;

    sign(fx->signer, fx->small, fx->small_len, 0, &out, &len);
    assert_int_equal(pdf_verify(out, len, fx->other_trust, &v), 0);
    assert_int_equal(v.code, PDF_V_UNTRUSTED);
    assert_string_equal(v.signer_cn, ORG); /* the details are there all the same */
    assert_int_equal(verify(out, len, NULL), PDF_V_UNTRUSTED);
    free(out);
}

static void expired_certificate(void **state)
{
    struct fixture *fx = *state;
    unsigned char *out = NULL;
    size_t len = 0;
    X509_STORE *trust = trust_of(fx->expired);

    assert_non_null(trust);
    sign(fx->expired_signer, fx->small, fx->small_len, 0, &out, &len);
    assert_int_equal(verify(out, len, trust), PDF_V_CERT_EXPIRED);
    free(out);
    /* signed while it was valid (a signing time 18 months ago): valid now */
    sign(fx->expired_signer, fx->small, fx->small_len, time(NULL) - 3 * YEAR / 2, &out, &len);
    assert_int_equal(verify(out, len, trust), PDF_V_VALID);
    free(out);
    X509_STORE_free(trust);
}

static void unsigned_and_not_pdf(void **state)
{
    struct fixture *fx = *state;
    static const unsigned char junk[] = "GIF89a not a pdf /ByteRange [0 1 2 3]";

    assert_int_equal(verify(fx->doc, fx->doc_len, fx->trust), PDF_V_UNSIGNED);
    assert_int_equal(verify(junk, sizeof junk - 1, fx->trust), PDF_V_NOT_PDF);
    assert_int_equal(verify((const unsigned char *)"", 0, fx->trust), PDF_V_NOT_PDF);
    assert_int_equal(verify(NULL, 0, fx->trust), PDF_V_NOT_PDF);
}

static void sign_refuses(void **state)
{
    struct fixture *fx = *state;
    unsigned char *out = (unsigned char *)"x", *twice = NULL;
    size_t len = 1, len2 = 0;
    struct pdf_sig_field far = FIELD;
    char c[128], k[128];

    assert_int_equal(pdf_sign(fx->signer, (const unsigned char *)"%PDF-1.5 nothing", 16, &FIELD, 0,
                              &out, &len), -1);
    assert_null(out);
    assert_int_equal(len, 0);
    far.page = 1; /* a one-page document */
    assert_int_equal(pdf_sign(fx->signer, fx->small, fx->small_len, &far, 0, &out, &len), -1);
    /* signed once: its catalog has an AcroForm this signer does not extend */
    sign(fx->signer, fx->small, fx->small_len, 0, &out, &len);
    assert_int_equal(pdf_sign(fx->signer, out, len, &FIELD, 0, &twice, &len2), -1);
    assert_null(twice);
    free(out);
    /* a key that is not the certificate's */
    snprintf(c, sizeof c, "%s/sign-cert.pem", fx->dir);
    snprintf(k, sizeof k, "%s/sign-key.pem", fx->other);
    assert_null(pdf_signer_load(c, k, c));
    assert_null(pdf_signer_load("/nonexistent.pem", k, c));
    assert_null(pdf_trust_load("/nonexistent.pem"));
}

static void second_page_of_two(void **state)
{
    struct fixture *fx = *state;
    struct pdf_doc *d = pdf_new(NULL);
    unsigned char *doc = NULL, *out = NULL;
    size_t dlen = 0, len = 0;
    struct pdf_sig_field f = FIELD;

    assert_non_null(d);
    assert_int_equal(pdf_page_index(d), 0);
    assert_int_equal(pdf_paragraph(d, NULL, "第一页"), 0);
    assert_int_equal(pdf_page_break(d), 0);
    assert_int_equal(pdf_page_index(d), 1);
    assert_int_equal(pdf_seal(d, 140, 80, 40, ORG, "检验专用章"), 0);
    assert_int_equal(pdf_finish(d, &doc, &dlen), 0);
    f.page = 1;
    assert_int_equal(pdf_sign(fx->signer, doc, dlen, &f, 0, &out, &len), 0);
    assert_int_equal(verify(out, len, fx->trust), PDF_V_VALID);
    free(out);
    free(doc);
}

/* Every prefix of a small signed file, and every single-byte corruption of its signature
 * dictionary's numbers and brackets: a verdict each time, never VALID. */
static void truncations_and_corruptions(void **state)
{
    struct fixture *fx = *state;
    unsigned char *out = NULL;
    size_t len = 0, r[4], at, end;
    static const unsigned char vals[] = {0, ' ', '[', ']', '<', '>', '0', '9', 'x', 0xff};

    sign(fx->signer, fx->small, fx->small_len, 0, &out, &len);
    for (size_t n = 0; n < len; n++)
        assert_int_not_equal(verify(out, n, fx->trust), PDF_V_VALID);
    byte_range(out, len, r, &at, &end);
    for (size_t pos = at; pos < end + 16 && pos < len; pos++) {
        unsigned char keep = out[pos];
        for (size_t k = 0; k < sizeof vals; k++) {
            if (vals[k] == keep)
                continue;
            out[pos] = vals[k];
            (void)verify(out, len, fx->trust);
        }
        out[pos] = keep;
    }
    /* the first and last bytes of the hex string */
    for (size_t pos = r[1] - 12; pos < r[1] + 4; pos++)
        for (size_t k = 0; k < sizeof vals; k++) {
            unsigned char keep = out[pos];
            out[pos] = vals[k];
            if (keep != vals[k])
                assert_int_not_equal(verify(out, len, fx->trust), PDF_V_VALID);
            out[pos] = keep;
        }
    assert_int_equal(verify(out, len, fx->trust), PDF_V_VALID);
    free(out);
}

static void small_page_geometry(void **state)
{
    struct pdf_doc *d = pdf_new(&(struct pdf_meta){.page_w_mm = 90, .page_h_mm = 60, .margin_mm = 4});
    unsigned char *out = NULL;
    size_t len = 0;

    assert_non_null(d);
    assert_true(pdf_y(d) > 3.9 && pdf_y(d) < 4.1);
    assert_int_equal(pdf_space(d, 10), 0);
    assert_true(pdf_y(d) > 13.9 && pdf_y(d) < 14.1);
    assert_int_equal(pdf_space(d, 45), 0); /* does not fit: a new page */
    assert_int_equal(pdf_page_index(d), 1);
    assert_true(pdf_y(d) > 3.9 && pdf_y(d) < 4.1);
    assert_int_equal(pdf_qr(d, 50, 20, 30, "TJ-2026-000001"), 0);
    assert_int_equal(pdf_finish(d, &out, &len), 0);
    assert_non_null(memmem(out, len, "/MediaBox [ 0 0 255.118", 23));
    free(out);
    /* a margin that leaves no room is refused */
    assert_null(pdf_new(&(struct pdf_meta){.page_w_mm = 90, .page_h_mm = 60, .margin_mm = 25}));
    d = pdf_new(NULL);
    assert_non_null(d);
    assert_int_equal(pdf_qr(d, 10, 10, 30, ""), -1);
    pdf_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_with_details),
        cmocka_unit_test(signing_time_now_by_default),
        cmocka_unit_test(changed_byte_is_digest_mismatch),
        cmocka_unit_test(appended_is_partial),
        cmocka_unit_test(other_ca_is_untrusted),
        cmocka_unit_test(expired_certificate),
        cmocka_unit_test(unsigned_and_not_pdf),
        cmocka_unit_test(sign_refuses),
        cmocka_unit_test(second_page_of_two),
        cmocka_unit_test(truncations_and_corruptions),
        cmocka_unit_test(small_page_geometry),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
