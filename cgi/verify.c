/* verify.c — 验真平台, the public verification page (no login): upload a PDF (size
 * limited by max_body and nginx, type sniffed by libmagic, rate-limited per address by
 * nginx) or follow a document's QR code (/verify/<token>). Shows the signature verdict of
 * pdf_verify and whether the document is still in force. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "document.h"
#include "document_internal.h"
#include "pdf_verify.h"
#include "routes.h"
#include "upload.h"
#include "workflow.h"

#define VERIFY_MAX (20u * 1024 * 1024)

static void set_time(struct req *r, const char *name, time_t t)
{
    char buf[32];
    struct tm tm;
    if (!t || !localtime_r(&t, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm))
        return;
    req_set(r, name, buf);
}

static const char *kind_label(const char *kind)
{
    return !strcmp(kind, "report") ? "检验报告" : !strcmp(kind, "notice") ? "检验意见通知书"
                                              : !strcmp(kind, "label")  ? "设备标签"
                                                                        : "报告领取凭证";
}

/* The issued record (row 0 of a doc_by_* result, or none) into Doc.*, and the overall
 * verdict: Result.valid = 1 only when the signature is valid (when signed) and the
 * record is issued and matches the file. */
static void record_hdf(struct req *r, PGresult *res, int sig_ok, int signed_kind, const char *file_sha)
{
    int found = res && PQntuples(res) == 1, issued, same;

    if (!found) {
        req_set(r, "Result.valid", "");
        req_set(r, "Result.reason", sig_ok ? "签章有效，但本平台没有出具过与该文件完全一致的文书（文件可能被修改或不是本机构出具）。"
                                          : "本平台没有出具过与该文件一致的文书。");
        return;
    }
    req_row(r, "Doc", res, 0);
    req_set(r, "Doc.kind_label", kind_label(PQgetvalue(res, 0, 0)));
    req_set(r, "Doc.state_label", workflow_label(&WF_DOCUMENT, PQgetvalue(res, 0, 1)));
    issued = !strcmp(PQgetvalue(res, 0, 1), "issued");
    same = !file_sha || !strcmp(file_sha, PQgetvalue(res, 0, PQfnumber(res, "sha256")));
    req_set(r, "Doc.same", same ? "1" : "");
    if (!issued)
        req_set(r, "Result.reason", !strcmp(PQgetvalue(res, 0, 1), "revoked") ? "该文书已被出具机构撤销，不再有效。"
                                                                          : "该文书已被新版本替代，请以新版本为准。");
    else if (!same)
        req_set(r, "Result.reason", "上传的文件与出具的文件不一致（文件已被修改）。");
    else if (signed_kind && !sig_ok)
        req_set(r, "Result.reason", "电子签章验证未通过。");
    req_set(r, "Result.valid", issued && same && (sig_ok || !signed_kind) ? "1" : "");
}

/* pdf_verify's verdict into Sig.*; 1 when valid. */
static int verdict_hdf(struct req *r, const unsigned char *pdf, size_t len, char sha_hex[65])
{
    struct pdf_verdict v;
    X509_STORE *trust = doc_trust();

    memset(&v, 0, sizeof v);
    if (!trust) {
        req_set(r, "Sig.message", "验真服务暂未配置信任证书，无法核验电子签章，请联系检验机构。");
        req_set(r, "Sig.code", "unavailable");
        return 0;
    }
    if (pdf_verify(pdf, len, trust, &v))
        return -1;
    for (int i = 0; i < 32; i++)
        snprintf(sha_hex + 2 * i, 3, "%02x", v.sha256[i]);
    req_set(r, "Sig.message", v.message ? v.message : "");
    req_set_int(r, "Sig.code", v.code);
    req_set(r, "Sig.valid", v.code == PDF_V_VALID ? "1" : "");
    req_set(r, "Sig.intact", v.code == PDF_V_VALID || v.code == PDF_V_UNTRUSTED || v.code == PDF_V_CERT_EXPIRED ? "1" : "");
    req_set(r, "Sig.trusted", v.code == PDF_V_VALID ? "1" : "");
    req_set(r, "Sig.in_validity", v.code == PDF_V_VALID || v.code == PDF_V_UNTRUSTED ? "1" : "");
    req_set(r, "Sig.signer", v.signer_cn);
    req_set(r, "Sig.org", v.signer_org);
    req_set(r, "Sig.issuer", v.issuer_cn);
    req_set(r, "Sig.sha256", sha_hex);
    set_time(r, "Sig.time", v.signing_time);
    set_time(r, "Sig.not_before", v.cert_not_before);
    set_time(r, "Sig.not_after", v.cert_not_after);
    return v.code == PDF_V_VALID;
}

int verify_form(struct req *r)
{
    const char *no = req_param(r, "no");
    PGresult *res;

    req_set(r, "Page.Title", "报告验真");
    if (!no || !*no)
        return req_page(r, "verify/form.cs");
    /* The home page's look-up by report number: the record only (no file, no signature). */
    if (strlen(no) > 40) {
        req_set(r, "Errors.no", "报告编号不超过 40 个字符，请核对。");
        return req_page(r, "verify/form.cs");
    }
    req_set(r, "Typed.no", no);
    if (!(res = doc_by_report_no(no)))
        return 500;
    if (PQntuples(res) != 1) {
        PQclear(res);
        req_set(r, "Errors.no", "没有找到该报告编号的检验报告，请核对编号（如 BG2026-000123）。");
        return req_page(r, "verify/form.cs");
    }
    record_hdf(r, res, 0, 0, NULL);
    PQclear(res);
    req_set(r, "Result.by_number", "1");
    return req_page(r, "verify/result.cs");
}

int verify_upload(struct req *r)
{
    const struct mp_part *f = req_upload(r, "file");
    static const char *const pdf_only[] = {"application/pdf", NULL};
    char mime[64], sha[65] = "";
    const char *msg;
    PGresult *res = NULL;
    int ok;

    req_set(r, "Page.Title", "报告验真");
    if (!f) {
        req_set(r, "Errors.file", "请选择要验证的电子报告（PDF 文件）。");
        return req_page(r, "verify/form.cs");
    }
    if (upload_check(f->data, f->len, VERIFY_MAX, pdf_only, mime, &msg)) {
        req_set(r, "Errors.file", f->len > VERIFY_MAX ? "文件超过 20 MB，不是本平台出具的电子报告。"
                                                      : "上传的文件不是 PDF 文件，无法验证。请上传本平台出具的电子报告。");
        return req_page(r, "verify/form.cs");
    }
    ok = verdict_hdf(r, (const unsigned char *)f->data, f->len, sha);
    if (ok < 0)
        return 500;
    if (sha[0]) {
        unsigned char bin[32];
        for (int i = 0; i < 32; i++)
            bin[i] = (unsigned char)strtol((char[3]){sha[2 * i], sha[2 * i + 1], 0}, NULL, 16);
        if (!(res = doc_by_sha256(bin)))
            return 500;
    }
    record_hdf(r, res, ok, 1, sha[0] ? sha : NULL);
    PQclear(res);
    req_set(r, "Result.uploaded", "1");
    return req_page(r, "verify/result.cs");
}

int verify_token(struct req *r)
{
    const char *token = req_route_param(r, 0);
    char *data = NULL, sha[65] = "";
    size_t len = 0;
    PGresult *res;
    int ok = 0, signed_kind, rc = 500;

    if (!token || strlen(token) != 32 || strspn(token, "0123456789abcdef") != 32)
        return 404;
    res = doc_by_token(token);
    if (!res)
        return 500;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return req_fail(r, 404, "没有找到该二维码对应的文书，请核对二维码是否来自本平台出具的文件。");
    }
    signed_kind = !strcmp(PQgetvalue(res, 0, 0), "report") || !strcmp(PQgetvalue(res, 0, 0), "notice");
    if (signed_kind) {
        if (doc_bytes_by_token(token, &data, &len) != 1)
            goto out;
        if ((ok = verdict_hdf(r, (const unsigned char *)data, len, sha)) < 0)
            goto out;
    }
    record_hdf(r, res, ok, signed_kind, NULL);
    req_set(r, "Page.Title", "报告验真");
    rc = req_page(r, "verify/result.cs");
out:
    free(data);
    PQclear(res);
    return rc;
}
