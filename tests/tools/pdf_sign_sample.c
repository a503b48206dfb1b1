/* pdf_sign_sample — the signed documents tests/pdf-sign-test.sh reads back with poppler,
 * zbarimg and NSS, and the signing benchmark (docs/ARCHITECTURE.md, Documents).
 *   pdf_sign_sample doc OUT.pdf                  one A4 page: text, a seal, a QR code
 *   pdf_sign_sample tiny OUT.pdf                 a 20 x 20 mm page (fuzz seeds)
 *   pdf_sign_sample label OUT.pdf TEXT           a 90 x 60 mm label with the QR of TEXT
 *   pdf_sign_sample sign DIR IN.pdf OUT.pdf      signs IN with DIR/{sign-cert,sign-key,chain}.pem
 *   pdf_sign_sample verify CA.pem IN.pdf         prints the verdict (code, message, signer)
 *   pdf_sign_sample keys DIR                     demo keys in DIR (pdf_keys_init)
 *   pdf_sign_sample bench DIR N                  render + sign + verify N A4 documents */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf.h"
#include "pdf_keys.h"
#include "pdf_sign.h"
#include "pdf_verify.h"

#define ORG "天津市特种设备监督检验技术研究院"

static int write_file(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

static int read_file(const char *path, unsigned char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    if (!f) {
        perror(path);
        return -1;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        !(*data = malloc((size_t)n + 1)) || fread(*data, 1, (size_t)n, f) != (size_t)n) {
        perror(path);
        fclose(f);
        return -1;
    }
    *len = (size_t)n;
    fclose(f);
    return 0;
}

/* One A4 page like a report's last page: text, the seal over the issuing line, a QR. */
static int doc(unsigned char **out, size_t *len)
{
    struct pdf_doc *d = pdf_new(&(struct pdf_meta){.title = "特种设备定期检验报告",
                                                  .author = ORG, .created = 1767225600});
    double y;
    if (!d)
        return -1;
    pdf_title(d, "特种设备定期检验报告");
    pdf_paragraph(d, NULL, "报告编号：TJ-2026-000123。设备注册代码 31201201012024000123，"
                           "曳引驱动乘客电梯，使用单位天津市河西区特种设备使用单位（测试）。"
                           "检验结论：合格。下次检验日期：2027年06月30日。");
    pdf_space(d, 20);
    y = pdf_y(d);
    pdf_paragraph(d, &(struct pdf_style){.size = 12, .left = 95, .line_height = 1.6},
                  "检验机构：" ORG "\n签发日期：2026年06月30日");
    pdf_seal(d, 140, y + 8, 42, ORG, "检验专用章");
    pdf_qr(d, 25, y - 4, 30, "https://tejian.example.cn/verify/TJ-2026-000123");
    return pdf_finish(d, out, len);
}

/* A 20 x 20 mm page with a small QR: the smallest document (fuzz seeds). */
static int tiny(unsigned char **out, size_t *len)
{
    struct pdf_doc *d = pdf_new(&(struct pdf_meta){.page_w_mm = 20, .page_h_mm = 20, .margin_mm = 2});
    if (!d)
        return -1;
    pdf_qr(d, 2, 2, 16, "TJ");
    return pdf_finish(d, out, len);
}

static int label(const char *text, unsigned char **out, size_t *len)
{
    struct pdf_doc *d = pdf_new(&(struct pdf_meta){.title = "检验合格标志", .page_w_mm = 90,
                                                  .page_h_mm = 60, .margin_mm = 4});
    if (!d)
        return -1;
    pdf_paragraph(d, &(struct pdf_style){.font = PDF_FONT_HEADING, .size = 14,
                                         .align = PDF_ALIGN_LEFT, .line_height = 1.3},
                  "特种设备检验合格");
    pdf_paragraph(d, &(struct pdf_style){.size = 8, .line_height = 1.4, .align = PDF_ALIGN_LEFT},
                  "设备代码：31201201012024000123\n下次检验：2027-06\n" ORG);
    pdf_qr(d, 58, 26, 30, text);
    return pdf_finish(d, out, len);
}

static struct pdf_signer *signer(const char *dir)
{
    char c[4096], k[4096], ch[4096];
    snprintf(c, sizeof c, "%s/sign-cert.pem", dir);
    snprintf(k, sizeof k, "%s/sign-key.pem", dir);
    snprintf(ch, sizeof ch, "%s/chain.pem", dir);
    return pdf_signer_load(c, k, ch);
}

static const struct pdf_sig_field FIELD = {
    .page = 0, .x_mm = 119, .y_mm = 100, .w_mm = 42, .h_mm = 42,
    .name = "签章1", .reason = "检验报告电子签章", .location = "天津",
};

static int sign_file(const char *dir, const char *in, const char *outp)
{
    struct pdf_signer *s = signer(dir);
    unsigned char *src = NULL, *out = NULL;
    size_t len, out_len;
    int rc = 1;

    if (s && read_file(in, &src, &len) == 0 && pdf_sign(s, src, len, &FIELD, 0, &out, &out_len) == 0)
        rc = write_file(outp, out, out_len) < 0;
    free(src);
    free(out);
    pdf_signer_free(s);
    return rc;
}

static int verify_file(const char *ca, const char *in)
{
    X509_STORE *trust = pdf_trust_load(ca);
    unsigned char *src = NULL;
    size_t len;
    struct pdf_verdict v;
    int rc = 1;

    if (trust && read_file(in, &src, &len) == 0 && pdf_verify(src, len, trust, &v) == 0) {
        char when[32] = "-";
        struct tm tm;
        if (v.signing_time && gmtime_r(&v.signing_time, &tm))
            strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        printf("code %d: %s\nsigner: %s / %s\nissuer: %s\nsigned: %s\n", (int)v.code,
               v.message, v.signer_cn, v.signer_org, v.issuer_cn, when);
        rc = 0;
    }
    free(src);
    X509_STORE_free(trust);
    return rc;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* n documents rendered, signed and verified in one process (the first one loads fonts
 * and is left out of the averages). */
static int bench(const char *dir, int n)
{
    struct pdf_signer *s = signer(dir);
    char ca[4096];
    X509_STORE *trust;
    double render = 0, sign = 0, verify = 0;
    size_t plain = 0, signed_len = 0;
    int rc = 1;

    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    trust = pdf_trust_load(ca);
    if (!s || !trust || n < 2)
        goto out;
    for (int i = 0; i < n; i++) {
        unsigned char *pdf = NULL, *out = NULL;
        size_t len = 0, out_len = 0;
        struct pdf_verdict v;
        struct timespec t0;
        double a, b, c;

        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (doc(&pdf, &len) < 0)
            goto out;
        a = ms_since(&t0);
        if (pdf_sign(s, pdf, len, &FIELD, 0, &out, &out_len) < 0) {
            free(pdf);
            goto out;
        }
        b = ms_since(&t0);
        if (pdf_verify(out, out_len, trust, &v) < 0 || v.code != PDF_V_VALID) {
            free(pdf);
            free(out);
            goto out;
        }
        c = ms_since(&t0);
        if (i > 0) {
            render += a;
            sign += b - a;
            verify += c - b;
        }
        plain = len;
        signed_len = out_len;
        free(pdf);
        free(out);
    }
    printf("per document over %d: render %.2f ms, sign %.2f ms, verify %.2f ms; "
           "%zu bytes unsigned, %zu bytes signed\n",
           n - 1, render / (n - 1), sign / (n - 1), verify / (n - 1), plain, signed_len);
    rc = 0;
out:
    pdf_signer_free(s);
    X509_STORE_free(trust);
    return rc;
}

int main(int argc, char **argv)
{
    unsigned char *pdf = NULL;
    size_t len = 0;
    int rc = 1;

    if (argc == 3 && strcmp(argv[1], "doc") == 0) {
        if (doc(&pdf, &len) == 0)
            rc = write_file(argv[2], pdf, len) < 0;
    } else if (argc == 3 && strcmp(argv[1], "tiny") == 0) {
        if (tiny(&pdf, &len) == 0)
            rc = write_file(argv[2], pdf, len) < 0;
    } else if (argc == 4 && strcmp(argv[1], "label") == 0) {
        if (label(argv[3], &pdf, &len) == 0)
            rc = write_file(argv[2], pdf, len) < 0;
    } else if (argc == 5 && strcmp(argv[1], "sign") == 0) {
        rc = sign_file(argv[2], argv[3], argv[4]);
    } else if (argc == 4 && strcmp(argv[1], "verify") == 0) {
        rc = verify_file(argv[2], argv[3]);
    } else if (argc == 4 && strcmp(argv[1], "bench") == 0) {
        rc = bench(argv[2], atoi(argv[3]));
    } else if (argc == 3 && strcmp(argv[1], "keys") == 0) {
        int created;
        rc = pdf_keys_init(argv[2], ORG, &created) < 0;
    } else {
        fprintf(stderr, "usage: see the comment at the top of tests/tools/pdf_sign_sample.c\n");
        return 2;
    }
    free(pdf);
    return rc;
}
