/* document_pdf.c — the layouts of the inspection documents with lib/pdf.c: 检验报告,
 * 检验意见通知书 (A4, a red seal that the signature widget is put over, a QR code of the
 * public verification URL), the 设备标签 / 检验合格标志 (90 x 60 mm) and the 报告领取凭证. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document_internal.h"
#include "pdf.h"

#define A4_H 297.0
#define SEAL_D 40.0  /* seal diameter, mm */
#define QR_MM 30.0

static const struct pdf_style PLAIN = {.font = PDF_FONT_BODY, .size = 12, .align = PDF_ALIGN_LEFT, .line_height = 1.5};
static const struct pdf_style SMALL = {.font = PDF_FONT_BODY, .size = 9, .align = PDF_ALIGN_LEFT, .line_height = 1.3};
static const struct pdf_style RIGHT = {.font = PDF_FONT_BODY, .size = 10.5, .align = PDF_ALIGN_RIGHT, .line_height = 1.4};

/* Label/value pairs as a four-column bordered table (label, value, label, value). */
static int pairs_table(struct pdf_doc *d, const char *const *pairs, int npairs)
{
    static const struct pdf_column cols[] = {
        {NULL, 28, PDF_ALIGN_CENTER}, {NULL, 52, PDF_ALIGN_LEFT}, {NULL, 28, PDF_ALIGN_CENTER}, {NULL, 0, PDF_ALIGN_LEFT},
    };
    const struct pdf_table t = {.cols = cols, .ncols = 4, .cells = pairs, .nrows = (npairs + 1) / 2,
                                .min_row_height = 9, .space_after = 4};
    return pdf_table(d, &t);
}

/* The closing block: QR code with its caption on the left, the issuing unit, date and the
 * seal on the right; a new page first when it does not fit. */
static int closing(struct pdf_doc *d, const struct doc_data *x, struct doc_seal_at *seal)
{
    double y;
    char line[256];

    if (pdf_y(d) > A4_H - 22 - 62)
        pdf_page_break(d);
    y = pdf_y(d) + 4;
    snprintf(line, sizeof line, "检验机构：%s", x->agency);
    pdf_space(d, 6);
    pdf_paragraph(d, &RIGHT, line);
    snprintf(line, sizeof line, "签发日期：%s", x->issued);
    pdf_paragraph(d, &RIGHT, line);
    pdf_qr(d, 25, y, QR_MM, x->verify_url);
    seal->page = pdf_page_index(d);
    seal->x_mm = 185 - SEAL_D;
    seal->y_mm = y;
    seal->w_mm = SEAL_D;
    seal->h_mm = SEAL_D;
    pdf_seal(d, seal->x_mm + SEAL_D / 2, y + SEAL_D / 2, SEAL_D, x->agency, "检验专用章");
    pdf_space(d, y + QR_MM + 2 - pdf_y(d));
    return pdf_paragraph(d, &SMALL, "扫描左侧二维码或登录验真平台上传本文件，可核验电子签章及报告是否有效。");
}

int doc_pdf_report(const struct doc_data *x, unsigned char **out, size_t *len, struct doc_seal_at *seal)
{
    char no[128];
    const char *pairs[] = {
        "使用单位", x->use_unit, "设备名称", x->device_name,
        "注册代码", x->reg_code, "设备代码", x->equipment_code,
        "设备类别", x->category_name, "使用证编号", x->use_cert_no,
        "型号", x->model, "出厂编号", x->factory_no,
        "制造单位", x->maker, "检验类别", x->kind_label,
        "设备地点", x->address, "检验日期", x->inspection_date,
        "检验结论", x->conclusion_label, "下次检验日期", x->next_date,
    };
    const char *sign[] = {"检验人员", x->inspectors, "签发人", x->approver};
    struct pdf_doc *d = pdf_new(&(struct pdf_meta){.title = "特种设备检验报告", .author = x->agency,
                                                    .subject = x->report_no, .page_numbers = 1});
    if (!d)
        return -1;
    snprintf(no, sizeof no, "报告编号：%s", x->report_no);
    pdf_paragraph(d, &RIGHT, no);
    pdf_title(d, "特种设备检验报告");
    pairs_table(d, pairs, (int)(sizeof pairs / sizeof pairs[0]) / 2);
    pdf_paragraph(d, NULL,
                  "本报告依据《中华人民共和国特种设备安全法》和相关安全技术规范出具，检验结论仅对本次检验时"
                  "设备的状况负责。使用单位应在下次检验日期前一个月内申请检验。");
    if (!strcmp(x->conclusion, "unqualified"))
        pdf_paragraph(d, NULL, "本设备检验结论为不合格，须按检验意见通知书所列问题整改，整改合格前不得继续使用。");
    pairs_table(d, sign, 2);
    closing(d, x, seal);
    return pdf_finish(d, out, len);
}

/* The numbered non-conforming items (one a line in problems) as a table. 0 or -1. */
static int problems_table(struct pdf_doc *d, const char *problems)
{
    static const struct pdf_column cols[] = {{"序号", 14, PDF_ALIGN_CENTER}, {"不合格项目及问题描述", 0, PDF_ALIGN_LEFT}};
    char *copy = strdup(problems), *save = NULL, (*nums)[8] = calloc(32, sizeof *nums);
    const char *cells[64];
    int n = 0, rc = -1;

    if (!copy || !nums)
        goto out;
    for (char *t = strtok_r(copy, "\n", &save); t && n < 32; t = strtok_r(NULL, "\n", &save), n++) {
        snprintf(nums[n], sizeof nums[n], "%d", n + 1);
        cells[2 * n] = nums[n];
        cells[2 * n + 1] = t;
    }
    pdf_paragraph(d, &PLAIN, "不合格项目：");
    rc = n ? pdf_table(d, &(struct pdf_table){.cols = cols, .ncols = 2, .cells = cells, .nrows = n, .space_after = 4}) : 0;
out:
    free(copy);
    free(nums);
    return rc;
}

int doc_pdf_notice(const struct doc_data *x, unsigned char **out, size_t *len, struct doc_seal_at *seal)
{
    char no[128], text[1024];
    int unq = !strcmp(x->notice_kind, "unqualified");
    const char *pairs[] = {
        "使用单位", x->use_unit, "设备名称", x->device_name,
        "注册代码", x->reg_code, "设备地点", x->address,
        "检验类别", x->kind_label, "检验日期", x->inspection_date,
        "报告编号", x->report_no, "检验结论", x->conclusion_label,
    };
    struct pdf_doc *d = pdf_new(&(struct pdf_meta){.title = "特种设备检验意见通知书", .author = x->agency,
                                                    .subject = x->notice_no, .page_numbers = 1});
    if (!d)
        return -1;
    snprintf(no, sizeof no, "编号：%s", x->notice_no);
    pdf_paragraph(d, &RIGHT, no);
    pdf_title(d, unq ? "特种设备检验意见通知书（不合格）" : "特种设备检验意见通知书（合格）");
    snprintf(text, sizeof text, "%s：", x->use_unit);
    pdf_paragraph(d, &PLAIN, text);
    if (unq)
        snprintf(text, sizeof text,
                 "经检验，你单位下列设备存在不符合安全技术规范要求的问题，检验结论为不合格。请于 %s 前按检验"
                 "人员现场告知及检验报告所列问题逐项整改，并通过客户服务平台“我的通知书”报送整改材料；"
                 "整改合格前不得使用该设备。",
                 x->deadline);
    else
        snprintf(text, sizeof text, "经检验，你单位下列设备符合安全技术规范要求，检验结论为合格，下次检验日期 %s。",
                 x->next_date);
    pdf_paragraph(d, NULL, text);
    pairs_table(d, pairs, (int)(sizeof pairs / sizeof pairs[0]) / 2);
    if (unq && problems_table(d, x->problems)) {
        pdf_free(d);
        return -1;
    }
    closing(d, x, seal);
    return pdf_finish(d, out, len);
}

int doc_pdf_label(const struct doc_data *x, unsigned char **out, size_t *len)
{
    static const struct pdf_style title = {.font = PDF_FONT_HEADING, .size = 12, .align = PDF_ALIGN_LEFT,
                                           .line_height = 1.3, .space_after = 1};
    static const struct pdf_style line = {.font = PDF_FONT_BODY, .size = 7.5, .align = PDF_ALIGN_LEFT,
                                          .line_height = 1.35};
    char buf[6][256];
    struct pdf_doc *d = pdf_new(&(struct pdf_meta){.title = "特种设备检验合格标志", .author = x->agency,
                                                    .subject = x->report_no, .page_w_mm = 90, .page_h_mm = 60,
                                                    .margin_mm = 5});
    if (!d)
        return -1;
    pdf_paragraph(d, &title, strcmp(x->conclusion, "unqualified") ? "特种设备检验合格标志" : "特种设备检验标志");
    pdf_paragraph(d, &(struct pdf_style){.font = PDF_FONT_BODY, .size = 6.5, .line_height = 1.3, .space_after = 1},
                  x->agency);
    /* Long values first, across the width; the short ones beside the QR code. */
    snprintf(buf[0], sizeof buf[0], "设备：%s", x->device_name);
    snprintf(buf[1], sizeof buf[1], "注册代码：%s", x->reg_code);
    snprintf(buf[2], sizeof buf[2], "使用单位：%s", x->use_unit);
    snprintf(buf[3], sizeof buf[3], "检验日期：%s", x->inspection_date);
    snprintf(buf[4], sizeof buf[4], "下次检验：%s", x->next_date[0] ? x->next_date : "—");
    snprintf(buf[5], sizeof buf[5], "报告编号：%s", x->report_no);
    for (int i = 0; i < 6; i++)
        pdf_paragraph(d, &line, buf[i]);
    pdf_qr(d, 63, 32, 24, x->verify_url);
    return pdf_finish(d, out, len);
}

int doc_pdf_voucher(const char *voucher_no, const char *account, const char *agency, const char *counter,
                    const char *issued, const struct doc_voucher_line *lines, int n, const char *verify_url,
                    unsigned char **out, size_t *len)
{
    static const struct pdf_column cols[] = {
        {"序号", 12, PDF_ALIGN_CENTER}, {"报告编号", 36, PDF_ALIGN_CENTER}, {"设备名称", 36, PDF_ALIGN_LEFT},
        {"注册代码", 48, PDF_ALIGN_CENTER}, {"使用单位", 0, PDF_ALIGN_LEFT},
    };
    const char **cells = NULL;
    char (*nums)[12] = NULL, text[512];
    struct pdf_doc *d = NULL;
    double y;
    int rc = -1;

    if (n <= 0 || !(cells = calloc((size_t)n * 5, sizeof *cells)) || !(nums = calloc((size_t)n, sizeof *nums)))
        goto out;
    for (int i = 0; i < n; i++) {
        snprintf(nums[i], sizeof nums[i], "%d", i + 1);
        cells[i * 5] = nums[i];
        cells[i * 5 + 1] = lines[i].report_no;
        cells[i * 5 + 2] = lines[i].device_name;
        cells[i * 5 + 3] = lines[i].reg_code;
        cells[i * 5 + 4] = lines[i].use_unit;
    }
    d = pdf_new(&(struct pdf_meta){.title = "报告领取凭证", .author = agency, .subject = voucher_no, .page_numbers = 1});
    if (!d)
        goto out;
    y = pdf_y(d);
    pdf_qr(d, 160, y - 4, 25, verify_url);
    pdf_title(d, "检验报告领取凭证");
    snprintf(text, sizeof text, "凭证编号：%s", voucher_no);
    pdf_paragraph(d, &PLAIN, text);
    snprintf(text, sizeof text, "申请账号：%s        开具时间：%s", account, issued);
    pdf_paragraph(d, &PLAIN, text);
    pdf_space(d, 8);
    pdf_table(d, &(struct pdf_table){.cols = cols, .ncols = 5, .cells = cells, .nrows = n, .min_row_height = 8,
                                     .space_after = 4});
    snprintf(text, sizeof text, "请持本凭证到%s（%s）领取以上纸质检验报告。凭证右上角二维码供窗口核对。", agency, counter);
    pdf_paragraph(d, NULL, text);
    rc = pdf_finish(d, out, len);
    d = NULL;
out:
    pdf_free(d);
    free(cells);
    free(nums);
    return rc;
}
