/* pdf_commitment.c — the blank commitment letter (定期检验承诺书) that goes with an
 * application for periodic inspection: the use unit downloads it, fills it in by hand,
 * signs and stamps it and uploads the scan (the spec's 报检 page). Every blank is an
 * underline or an empty table cell; pre-filling the unit's name and devices later is a
 * matter of passing values to the same fields and cells. */
#include "pdf.h"

static const char *const CLAUSES[] = {
    "一、申请检验的特种设备已按照《中华人民共和国特种设备安全法》和有关安全技术规范的要求"
    "进行日常维护保养和定期自行检查，安全附件、安全保护装置及有关仪器仪表已按规定校验、"
    "检修，维护保养记录完整。",
    "二、报检时提交的设备信息、维护保养信息及相关资料真实、准确、完整。如有虚假，"
    "我单位承担由此产生的全部法律责任。",
    "三、检验日前，我单位按照《检验现场环境安全确认书》的要求做好现场准备：清理作业现场，"
    "设置安全警示标志和防护设施，提供检验所需的电源、照明等条件，消除影响检验安全的因素，"
    "确保检验现场环境安全。",
    "四、检验当日，我单位安排熟悉设备情况的安全管理人员和持证作业人员（及维护保养单位人员）"
    "到场配合检验，并对检验现场的安全负责。",
    "五、对检验中发现的问题和隐患，我单位按照检验机构的意见及时整改，并在规定期限内将整改"
    "情况书面反馈检验机构；整改合格前不使用存在问题的设备。",
    "六、因我单位原因不能按期检验的，提前告知检验机构，另行约定检验日期。",
};

#define DEVICE_ROWS 6

int pdf_commitment_letter(unsigned char **out, size_t *len)
{
    static const struct pdf_column cols[] = {
        {"序号", 14, PDF_ALIGN_CENTER},
        {"设备注册代码", 62, PDF_ALIGN_CENTER},
        {"设备种类", 30, PDF_ALIGN_CENTER},
        {"使用地点", 0, PDF_ALIGN_LEFT},
    };
    static const char *const nums[DEVICE_ROWS] = {"1", "2", "3", "4", "5", "6"};
    const char *cells[DEVICE_ROWS * 4] = {0};
    const struct pdf_style plain = {
        .font = PDF_FONT_BODY, .size = 12, .align = PDF_ALIGN_LEFT, .line_height = 1.5,
    };
    const struct pdf_style sign = {
        .font = PDF_FONT_BODY, .size = 12, .line_height = 2.6, .left = 62,
    };
    const struct pdf_style note = {
        .font = PDF_FONT_BODY, .size = 9, .align = PDF_ALIGN_JUSTIFY, .line_height = 1.4,
    };
    const struct pdf_field agency[] = {{"", NULL, 70}, {"（检验机构）：", NULL, 0}};
    const struct pdf_field unit[] = {{"使用单位名称：", NULL, 126}};
    const struct pdf_field contact[] = {{"联 系 人：", NULL, 48}, {"    联系电话：", NULL, 52}};
    const struct pdf_field seal[] = {{"使用单位（盖章）：", NULL, 0}};
    const struct pdf_field signer[] = {{"法定代表人或授权人（签字）：", NULL, 0}};
    const struct pdf_field date[] = {
        {"", NULL, 18}, {"年", NULL, 10}, {"月", NULL, 10}, {"日", NULL, 0},
    };
    const struct pdf_table devices = {
        .cols = cols, .ncols = 4, .cells = cells, .nrows = DEVICE_ROWS,
        .min_row_height = 7.5, .space_after = 3,
    };
    struct pdf_doc *d;

    for (int r = 0; r < DEVICE_ROWS; r++)
        cells[r * 4] = nums[r];
    d = pdf_new(&(struct pdf_meta){
        .title = "特种设备定期检验承诺书",
        .subject = "定期检验申请材料：使用单位承诺书（签字盖章后上传）",
    });
    if (!d)
        return -1;
    pdf_title(d, "特种设备定期检验承诺书");
    pdf_fields(d, &plain, agency, 2);
    pdf_paragraph(d, NULL,
                  "我单位下列特种设备申请定期检验。为保证检验工作安全、顺利进行，"
                  "我单位郑重承诺如下：");
    for (size_t i = 0; i < sizeof CLAUSES / sizeof CLAUSES[0]; i++)
        pdf_paragraph(d, NULL, CLAUSES[i]);
    pdf_space(d, 1);
    pdf_paragraph(d, &plain, "申请检验的设备：");
    pdf_table(d, &devices);
    pdf_fields(d, &plain, unit, 1);
    pdf_fields(d, &plain, contact, 2);
    pdf_space(d, 5);
    pdf_fields(d, &sign, seal, 1);
    pdf_fields(d, &sign, signer, 1);
    pdf_fields(d, &sign, date, 4);
    pdf_space(d, 4);
    pdf_paragraph(d, &note,
                  "注：设备较多时可另附设备清单并加盖公章。本承诺书签字盖章后扫描或拍照上传，"
                  "作为定期检验申请的必要材料；原件由使用单位存档备查。");
    return pdf_finish(d, out, len);
}
