/* micro.c — the micro-benchmarks of `make bench` (bench/README.md), in-process, no
 * server: CPU cost per operation of the heavy library calls a request can make.
 *
 *   xlsx     lib/xlsx.c: a 10 000-row, 15-column workbook like the equipment export
 *            (the HTTP export of 10 000 real rows is timed separately by bench.sh)
 *   password lib/password.c: password_hash and password_verify (the login's cost)
 *   pdf      lib/pdf.c: the one-page commitment letter (定期检验承诺书)
 *   sign     lib/pdf_sign.c: the letter rendered and signed (CMS, demo keys), per document
 *   verify   lib/pdf_verify.c: a signed letter verified against the demo CA, per document
 *
 * Prints a Markdown table: operation, runs, median ms, min ms, CPU ms per operation.
 *   micro [--quick]     --quick: one run each, 1 000 xlsx rows (the make check smoke) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "password.h"
#include "pdf.h"
#include "pdf_keys.h"
#include "pdf_sign.h"
#include "pdf_verify.h"
#include "xlsx.h"

static int quick;

static double now_s(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs fn runs times; prints its row. -1 when fn failed. */
static int measure(const char *label, int runs, int (*fn)(void))
{
    double wall[32], cpu = 0;

    if (runs > 32)
        runs = 32;
    if (fn()) { /* warm-up: fonts, allocator, first-use initialisation */
        printf("| %s | — | failed | | |\n", label);
        return -1;
    }
    for (int i = 0; i < runs; i++) {
        double w0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
        if (fn()) {
            printf("| %s | — | failed | | |\n", label);
            return -1;
        }
        wall[i] = (now_s(CLOCK_MONOTONIC) - w0) * 1000.0;
        cpu += (now_s(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1000.0;
    }
    qsort(wall, (size_t)runs, sizeof wall[0], cmp_double);
    printf("| %s | %d | %.2f | %.2f | %.2f |\n", label, runs, wall[runs / 2], wall[0], cpu / runs);
    fflush(stdout);
    return 0;
}

/* ---- xlsx ------------------------------------------------------------------------ */

/* The export's shape (cgi/equipment.c EXPORT_COLS): 15 columns, of which two dates and
 * one integer, the rest text; titles do not matter here. */
#define XLSX_NCOLS 15
static struct xlsx_column xlsx_cols[XLSX_NCOLS];

static void xlsx_cols_init(void)
{
    static char titles[XLSX_NCOLS][16];
    for (int i = 0; i < XLSX_NCOLS; i++) {
        snprintf(titles[i], sizeof titles[i], "列%d", i + 1);
        xlsx_cols[i].field = titles[i];
        xlsx_cols[i].title = titles[i];
        xlsx_cols[i].kind = i == 10 || i == 12 ? XLSX_DATE : i == 14 ? XLSX_INT : XLSX_TEXT;
        xlsx_cols[i].width = 16;
    }
}

static int xlsx_10000(void)
{
    struct xlsx_writer *w = xlsx_begin("设备清单", xlsx_cols, XLSX_NCOLS);
    char reg[32], code[32], fno[24], days[16];
    const char *v[XLSX_NCOLS] = {reg, code, "乘客电梯", "曳引与强制驱动电梯", "TKJ1000/1.75", fno,
                                 "规模测试单位0000001物业管理有限公司", "浙江省湖州市南浔区人民路 188 号 3 号楼",
                                 "南浔区", "在用", "2025-03-18", "合格", "2026-03-17",
                                 "规模测试单位0000021电梯工程有限公司", days};
    unsigned char *data = NULL;
    size_t len = 0;
    int rows = quick ? 1000 : 10000, rc;

    for (int i = 0; i < rows; i++) {
        snprintf(reg, sizeof reg, "梯11浙E%05d", i);
        snprintf(code, sizeof code, "3110330503202%07d", i);
        snprintf(fno, sizeof fno, "F%08d", i * 7);
        snprintf(days, sizeof days, "%d", i % 400);
        xlsx_add_row(w, v); /* sticky errors: xlsx_finish reports them */
    }
    rc = xlsx_finish(w, &data, &len);
    free(data);
    return rc;
}

/* ---- password --------------------------------------------------------------------- */

static char stored[PASSWORD_HASH_MAX];

static int pw_hash(void) { return password_hash("Bench-Passw0rd!", stored); }

static int pw_verify(void) { return password_verify("Bench-Passw0rd!", stored, NULL) == 1 ? 0 : -1; }

/* ---- pdf ---------------------------------------------------------------------------- */

static int pdf_letter(void)
{
    unsigned char *out = NULL;
    size_t len = 0;
    int rc = pdf_commitment_letter(&out, &len);
    free(out);
    return rc;
}

/* PDF signing and verification per document (lib/pdf_sign.h, lib/pdf_verify.h, merged
 * from branch h6): demo keys (pdf_keys_init, as test stacks make them) in a temporary
 * directory; "render + sign" renders the commitment letter and signs it, "verify" checks
 * a signed letter against the demo CA. */
static struct pdf_signer *signer;
static X509_STORE *trust;
static unsigned char *signed_pdf;
static size_t signed_len;

static const struct pdf_sig_field SIG_FIELD = {
    .page = 0, .x_mm = 119, .y_mm = 230, .w_mm = 42, .h_mm = 42,
    .name = "签章1", .reason = "基准测试", .location = NULL,
};

static int pdf_render_sign(void)
{
    unsigned char *pdf = NULL, *out = NULL;
    size_t len = 0, out_len = 0;
    int rc = pdf_commitment_letter(&pdf, &len) || pdf_sign(signer, pdf, len, &SIG_FIELD, 0, &out, &out_len);
    free(pdf);
    if (rc == 0 && !signed_pdf) {
        signed_pdf = out;
        signed_len = out_len;
        return 0;
    }
    free(out);
    return rc ? -1 : 0;
}

static int pdf_verify_one(void)
{
    struct pdf_verdict v;
    return pdf_verify(signed_pdf, signed_len, trust, &v) == 0 && v.code == PDF_V_VALID ? 0 : -1;
}

static int micro_pdf_sign_verify(int runs)
{
    char dir[] = "/tmp/tejian-micro-keys.XXXXXX", path[3][160];
    int created = 0, rc = -1;

    if (!mkdtemp(dir) || pdf_keys_init(dir, "基准测试检验机构", &created)) {
        printf("| pdf sign / verify | — | failed: demo keys | | |\n");
        return -1;
    }
    snprintf(path[0], sizeof path[0], "%s/sign-cert.pem", dir);
    snprintf(path[1], sizeof path[1], "%s/sign-key.pem", dir);
    snprintf(path[2], sizeof path[2], "%s/chain.pem", dir);
    signer = pdf_signer_load(path[0], path[1], path[2]);
    snprintf(path[0], sizeof path[0], "%s/ca.pem", dir);
    trust = pdf_trust_load(path[0]);
    if (signer && trust)
        rc = measure("pdf render + sign: commitment letter (per document)", runs, pdf_render_sign) |
             measure("pdf verify: signed letter (per document)", runs, pdf_verify_one);
    pdf_signer_free(signer);
    X509_STORE_free(trust);
    free(signed_pdf);
    for (const char *f = "ca.pem\0sign-cert.pem\0sign-key.pem\0chain.pem\0"; *f; f += strlen(f) + 1) {
        snprintf(path[0], sizeof path[0], "%s/%s", dir, f);
        unlink(path[0]);
    }
    rmdir(dir);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0, runs;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick"))
            quick = 1;
        else {
            fprintf(stderr, "usage: micro [--quick]\n");
            return 2;
        }
    }
    runs = quick ? 1 : 7;
    xlsx_cols_init();
    printf("| operation | runs | median ms | min ms | CPU ms / op |\n|---|---:|---:|---:|---:|\n");
    rc |= measure(quick ? "xlsx export, 1 000 rows x 15 columns" : "xlsx export, 10 000 rows x 15 columns", runs,
                  xlsx_10000);
    rc |= measure("password_hash (scrypt, current parameters)", runs, pw_hash);
    rc |= measure("password_verify (a login)", runs, pw_verify);
    rc |= measure("pdf render: commitment letter (1 page)", runs, pdf_letter);
    rc |= micro_pdf_sign_verify(runs);
    return rc ? 1 : 0;
}
