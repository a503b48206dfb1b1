/* test_sheet_read.c — the spreadsheet import reader on real files: .xlsx written by
 * libxlsxwriter (generated here), by LibreOffice (tests/fixtures/sheets/lo-*.xlsx, see
 * make-libreoffice.sh) and Excel-style parts made by hand (phonetic runs, inline strings,
 * 1904 dates); hostile files (zip bombs with honest and lying headers, XXE,
 * billion laughs, DOCTYPE anywhere, floods of comments or attributes, missing sheet,
 * broken zips). CSV and other non-zip uploads: test_sheet_csv.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "sheet_read.h"
#include "sheet_dump.h"
#include "sheet_zip.h"
#include "util.h"

#define FIXTURES TEMPLATE_DIR "/../tests/fixtures/sheets"

static char tmpdir[] = "/tmp/test-sheet-read.XXXXXX";

/* ---- files written by libxlsxwriter ---- */

static void xlsxwriter_types(void **state)
{
    char path[256];
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *iso, *cn, *f14, *f22, *locale, *red, *days, *bold, *text;
    lxw_datetime dt = {2024, 3, 5, 0, 0, 0}, dtm = {2023, 12, 31, 23, 59, 59};
    char *data;
    size_t len;

    snprintf(path, sizeof path, "%s/types.xlsx", tmpdir);
    wb = workbook_new(path);
    assert_non_null(wb);
    ws = workbook_add_worksheet(wb, "设备");
    iso = workbook_add_format(wb);
    format_set_num_format(iso, "yyyy-mm-dd");
    cn = workbook_add_format(wb);
    format_set_num_format(cn, "yyyy\"年\"m\"月\"d\"日\"");
    f14 = workbook_add_format(wb);
    format_set_num_format_index(f14, 14);
    f22 = workbook_add_format(wb);
    format_set_num_format_index(f22, 22);
    locale = workbook_add_format(wb);
    format_set_num_format(locale, "[$-804]yyyy/m/d;@");
    red = workbook_add_format(wb);
    format_set_num_format(red, "[Red]0.00");
    days = workbook_add_format(wb);
    format_set_num_format(days, "0 \"day\"");
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    text = workbook_add_format(wb);
    format_set_num_format(text, "@");

    /* row 1: header */
    worksheet_write_string(ws, 0, 0, "注册代码", bold);
    worksheet_write_string(ws, 0, 1, "身份证号", bold);
    worksheet_write_string(ws, 0, 2, "数量", NULL);
    /* row 2: an 18-digit ID as text and as a number (what Excel does to it) */
    worksheet_write_string(ws, 1, 0, "31104403002019012345", text);
    worksheet_write_number(ws, 1, 1, 411423199001011234.0, NULL);
    worksheet_write_number(ws, 1, 2, 12.5, NULL);
    worksheet_write_number(ws, 1, 3, -3, red);
    worksheet_write_number(ws, 1, 4, 7, days);
    /* row 3: dates in several formats */
    worksheet_write_datetime(ws, 2, 0, &dt, iso);
    worksheet_write_datetime(ws, 2, 1, &dt, cn);
    worksheet_write_datetime(ws, 2, 2, &dt, f14);
    worksheet_write_datetime(ws, 2, 3, &dtm, f22);
    worksheet_write_datetime(ws, 2, 4, &dt, locale);
    /* row 4 left empty; row 5: gaps, a styled blank, bool, formula string, rich text */
    worksheet_write_blank(ws, 4, 0, bold);
    worksheet_write_boolean(ws, 4, 1, 1, NULL);
    worksheet_write_boolean(ws, 4, 2, 0, NULL);
    worksheet_write_formula_str(ws, 4, 4, "=\"电\"&\"梯\"", NULL, "电梯");
    {
        lxw_rich_string_tuple a = {bold, "曳引"}, b = {NULL, "驱动"}, c = {red, "电梯"};
        lxw_rich_string_tuple *rich[] = {&a, &b, &c, NULL};
        worksheet_write_rich_string(ws, 4, 6, rich, NULL);
    }
    worksheet_write_blank(ws, 4, 9, bold);
    /* row 6: only styled blanks → skipped; row 7: text with spaces and a line break */
    worksheet_write_blank(ws, 5, 0, bold);
    worksheet_write_string(ws, 6, 1, "  前后空格  ", NULL);
    worksheet_write_string(ws, 6, 2, "第一行\n第二行", NULL);
    worksheet_write_string(ws, 6, 3, "a & b < c", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    assert_int_equal(read_file(path, &data, &len), 0);
    expect_rows(data, len,
                "1:S=注册代码|S=身份证号|S=数量\n"
                "2:S=31104403002019012345|N=4.114231990010113E+17|N=12.5|N=-3|N=7\n"
                "3:D=2024-03-05|D=2024-03-05|D=2024-03-05|D=2023-12-31|D=2024-03-05\n"
                "5:E=|B=TRUE|B=FALSE|E=|S=电梯|E=|S=曳引驱动电梯\n"
                "7:E=|S=  前后空格  |S=第一行\n第二行|S=a & b < c\n");
    free(data);
    unlink(path);
}

/* constant_memory mode writes inline strings (t="inlineStr") instead of shared ones. */
static void xlsxwriter_inline_strings(void **state)
{
    char path[256];
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = tmpdir};
    lxw_workbook *wb;
    lxw_worksheet *ws;
    char *data;
    size_t len;

    snprintf(path, sizeof path, "%s/inline.xlsx", tmpdir);
    assert_non_null(wb = workbook_new_opt(path, &opt));
    ws = workbook_add_worksheet(wb, NULL);
    worksheet_write_string(ws, 0, 0, "使用单位", NULL);
    worksheet_write_number(ws, 0, 1, 3, NULL);
    worksheet_write_string(ws, 2, 2, "内联 字符串", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    assert_int_equal(read_file(path, &data, &len), 0);
    assert_non_null(memmem(data, len, "sheet1.xml", 10));
    expect_rows(data, len, "1:S=使用单位|N=3\n3:E=|E=|S=内联 字符串\n");
    free(data);
    unlink(path);
}

/* n rows x 12 columns, with the cell values derivable from row and column. */
static char *write_big(const char *name, long n, size_t *len)
{
    char path[256], cell[64];
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *date;
    char *data;

    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    assert_non_null(wb = workbook_new(path));
    ws = workbook_add_worksheet(wb, NULL);
    date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    for (long r = 0; r < n; r++) {
        lxw_datetime dt = {2020 + (int)(r % 5), 1 + (int)(r % 12), 1 + (int)(r % 28), 0, 0, 0};
        snprintf(cell, sizeof cell, "3110440300%010ld", r);
        worksheet_write_string(ws, (lxw_row_t)r, 0, cell, NULL);
        snprintf(cell, sizeof cell, "DT-%ld", r);
        worksheet_write_string(ws, (lxw_row_t)r, 1, cell, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 2, "深圳市某某物业管理有限公司", NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 3, "曳引驱动乘客电梯", NULL);
        worksheet_write_datetime(ws, (lxw_row_t)r, 4, &dt, date);
        worksheet_write_number(ws, (lxw_row_t)r, 5, (double)(r % 40), NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 6, 1000, NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 7, 1.75, NULL);
        snprintf(cell, sizeof cell, "1%010ld", r);
        worksheet_write_string(ws, (lxw_row_t)r, 8, cell, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 9, "南山区科技园", NULL);
        worksheet_write_number(ws, (lxw_row_t)r, 10, (double)r, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 11, r % 2 ? "在用" : "停用", NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    assert_int_equal(read_file(path, &data, len), 0);
    unlink(path);
    return data;
}

struct bigcheck {
    long rows;
};

static int check_big(void *ctx, long row_no, const struct sheet_cell *c, int n)
{
    struct bigcheck *b = ctx;
    char want[64];
    long r = row_no - 1;

    assert_int_equal(row_no, ++b->rows);
    assert_int_equal(n, 12);
    snprintf(want, sizeof want, "3110440300%010ld", r);
    assert_string_equal(c[0].text, want);
    assert_int_equal(c[4].type, SHEET_DATE);
    snprintf(want, sizeof want, "%04d-%02d-%02d", 2020 + (int)(r % 5), 1 + (int)(r % 12), 1 + (int)(r % 28));
    assert_string_equal(c[4].text, want);
    assert_int_equal(c[10].type, SHEET_NUMBER);
    snprintf(want, sizeof want, "%ld", r);
    assert_string_equal(c[10].text, want);
    assert_string_equal(c[11].text, r % 2 ? "在用" : "停用");
    return 0;
}

static void xlsxwriter_10000_rows(void **state)
{
    size_t len;
    char *data = write_big("big.xlsx", 10000, &len), err[256];
    struct bigcheck b = {0};
    struct sheet_limits lim = {0, 0, 5000, 0};
    struct dump d = {0};
    double t0 = now();

    assert_int_equal(sheet_read((unsigned char *)data, len, NULL, check_big, &b, err, sizeof err), 0);
    print_message("10000 rows x 12 columns: %.0f ms\n", (now() - t0) * 1000);
    assert_int_equal(b.rows, 10000);
    /* the row limit */
    expect_error(data, len, &lim, "文件行数超过 5000 行");
    /* the callback stops the read: its value comes back */
    d.no_text = 1;
    d.stop_at = 1234;
    assert_int_equal(read_mem(data, len, NULL, &d, err, sizeof err), 7);
    assert_int_equal(d.rows, 1234);
    free(d.text);
    free(data);
}

/* ---- files made by LibreOffice (soffice --convert-to xlsx from the CSV next to them) ---- */

static void libreoffice_people(void **state)
{
    /* LibreOffice turns the 18-digit ID into a number (precision lost): a SHEET_NUMBER
     * the import must refuse; the ID ending in X stays text; ISO dates become dates. */
    expect_file(FIXTURES "/lo-people.xlsx",
                "1:S=姓名|S=身份证号|S=手机号|S=出生日期|S=证书有效期至|S=工龄|S=备注\n"
                "2:S=张三|N=4.11423199001011E+017|N=13800138000|D=1990-01-01|D=2027-06-30|N=12\n"
                "3:S=李四|S=41142319850315002X|N=13912345678|D=1985-03-15|D=2026-12-31|N=7.5|S=有\"引号\"和,逗号\n"
                "4:S=王五|N=1.1010120000101E+017|N=13700000000|D=2000-01-01|D=2030-01-01|N=0|S=第一行\n第二行\n"
                "6:S=赵六|E=|E=|D=1999-12-31|E=|N=3|S=空单元格在中间\n");
}

static void libreoffice_elevators(void **state)
{
    /* LibreOffice's CSV import read "6/6" (floors/stops) as a date and 20-digit codes as
     * numbers: the reader passes both on as what they are in the file. */
    expect_file(FIXTURES "/lo-elevators.xlsx",
                "1:S=注册代码|S=内部编号|S=救援识别码|S=使用单位|S=下次检验日期|S=层站|S=额定载重量(kg)\n"
                "2:N=3.1104403002019E+019|S=DT-01|N=12345|S=深圳市某某物业管理有限公司|D=2025-03-01|S=18/18|N=1000\n"
                "3:N=3.1104403002019E+019|S=DT-02|N=12346|S=深圳市某某物业管理有限公司|D=2025-03-02|D=2026-06-06|N=800\n");
}

/* ---- Excel-style parts made by hand ---- */

#define NS_MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define NS_R "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define XMLDECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"

/* A workbook with one sheet (xl/worksheets/sheet1.xml = sheet); sst, styles and workbook
 * replace the defaults when not NULL (sst/styles: omitted when NULL). */
static unsigned char *mini_xlsx(const char *sheet, const char *sst, const char *styles,
                                const char *workbook, size_t *len)
{
    struct zpart parts[8] = {
        {"[Content_Types].xml", ZIP_CONTENT_TYPES, strlen(ZIP_CONTENT_TYPES), 1},
        {"_rels/.rels", ZIP_ROOT_RELS, strlen(ZIP_ROOT_RELS), 1},
        {"xl/workbook.xml", workbook ? workbook : ZIP_WORKBOOK, strlen(workbook ? workbook : ZIP_WORKBOOK), 1},
        {"xl/_rels/workbook.xml.rels", ZIP_WORKBOOK_RELS, strlen(ZIP_WORKBOOK_RELS), 1},
    };
    int n = 4;
    unsigned char *z;

    if (sheet)
        parts[n++] = (struct zpart){"xl/worksheets/sheet1.xml", sheet, strlen(sheet), 1};
    if (sst)
        parts[n++] = (struct zpart){"xl/sharedStrings.xml", sst, strlen(sst), 1};
    if (styles)
        parts[n++] = (struct zpart){"xl/styles.xml", styles, strlen(styles), 1};
    assert_non_null(z = zip_build(parts, n, len, NULL));
    return z;
}

static const char excel_workbook[] =
    XMLDECL "<workbook " NS_MAIN " " NS_R "><fileVersion appName=\"xl\"/>"
    "<workbookPr date1904=\"false\" defaultThemeVersion=\"124226\"/><bookViews/>"
    "<sheets><sheet name=\"图表\" sheetId=\"2\" r:id=\"rId5\"/><sheet name=\"数据\" sheetId=\"1\" r:id=\"rId7\"/></sheets>"
    "<calcPr calcId=\"145621\"/></workbook>";
static const char excel_workbook_rels[] =
    XMLDECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"./styles.xml\"/>"
    "<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"/xl/strings.xml\"/>"
    "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/../worksheets/data.xml\"/>"
    "<Relationship Id=\"rId6\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"http://example.com/\" TargetMode=\"External\"/>"
    "</Relationships>";
static const char excel_strings[] =
    XMLDECL "<sst " NS_MAIN " count=\"9\" uniqueCount=\"8\">"
    "<si><t>姓名</t><rPh sb=\"0\" eb=\"2\"><t>xìngmíng</t></rPh><phoneticPr fontId=\"1\"/></si>"
    "<si><r><rPr><b/><sz val=\"11\"/></rPr><t>检验</t></r><r><t xml:space=\"preserve\"> 报告</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>ケンサ</t></rPh><phoneticPr fontId=\"1\" type=\"noConversion\"/></si>"
    "<si><t xml:space=\"preserve\">  </t></si>"
    "<si><t>   </t></si>"
    "<si><t>第一行_x000D__x000A_第二行</t></si>"
    "<si><t>a_x005F_x0041_b</t></si>"
    "<si/>"
    "<si><t>&lt;b&gt;&amp;&#x4E2D;<![CDATA[<i>]]></t></si>"
    "</sst>";
static const char excel_styles[] =
    XMLDECL "<styleSheet " NS_MAIN "><numFmts count=\"3\">"
    "<numFmt numFmtId=\"14\" formatCode=\"0.00\"/>"
    "<numFmt numFmtId=\"176\" formatCode=\"[$-F800]dddd, mmmm dd, yyyy\"/>"
    "<numFmt numFmtId=\"177\" formatCode=\"&quot;m&quot;0;[Red]\\-0\"/></numFmts>"
    "<fonts count=\"1\"><font><sz val=\"11\"/></font></fonts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"176\" fontId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"7\"><xf numFmtId=\"0\" xfId=\"0\"/><xf numFmtId=\"14\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"176\" xfId=\"0\"><alignment horizontal=\"center\"/></xf><xf numFmtId=\"177\"/>"
    "<xf numFmtId=\"31\"/><xf numFmtId=\"58\"/><xf numFmtId=\"49\"/></cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";
static const char excel_sheet[] =
    XMLDECL "<worksheet " NS_MAIN " " NS_R "><dimension ref=\"A1:AB9\"/><sheetData>"
    "<row r=\"1\" spans=\"1:4\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>内联</t><rPh sb=\"0\" eb=\"1\"><t>ナイ</t></rPh></is></c>"
    "<c r=\"D1\" t=\"inlineStr\"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c></row>"
    "<row r=\"2\"><c t=\"s\"><v>2</v></c><c t=\"s\"><v>3</v></c><c t=\"s\"><v>4</v></c>"
    "<c t=\"s\"><v>5</v></c><c t=\"s\"><v>6</v></c><c t=\"s\"><v>7</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>45000</v></c><c r=\"B3\" s=\"2\"><v>45000.75</v></c>"
    "<c r=\"C3\" s=\"3\"><v>45000</v></c><c r=\"D3\" s=\"4\"><v>45000</v></c><c r=\"E3\" s=\"5\"><v>1</v></c>"
    "<c r=\"F3\" s=\"6\"><v>45000</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"b\"><v>1</v></c><c r=\"B4\" t=\"e\"><v>#N/A</v></c>"
    "<c r=\"C4\" t=\"str\"><f>A1&amp;B1</f><v>姓名检验 报告</v></c><c r=\"D4\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
    "<c r=\"E4\" t=\"d\"><v>2024-02-29T00:00:00</v></c></row>"
    "<row r=\"6\"><c r=\"B6\" s=\"2\"><v>60</v></c><c r=\"C6\" s=\"2\"><v>59</v></c><c r=\"D6\" s=\"2\"><v>61</v></c>"
    "<c r=\"E6\" s=\"2\"><v>0.5</v></c></row>"
    "<row r=\"7\"><c r=\"AB7\"><v>  42 </v></c></row>"
    "<row r=\"8\" spans=\"1:3\" ht=\"20\" customHeight=\"1\"/>"
    "<row r=\"9\"><c r=\"A9\" s=\"2\"/><c r=\"C9\" t=\"s\"><v>0</v></c><c r=\"D9\" s=\"1\"></c></row>"
    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>"
    "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>";

static unsigned char *excel_style(const char *workbook, size_t *len)
{
    static const char chart[] = XMLDECL "<chartsheet " NS_MAIN "/>";
    const struct zpart parts[] = {
        {"[Content_Types].xml", ZIP_CONTENT_TYPES, strlen(ZIP_CONTENT_TYPES), 1},
        {"_rels/.rels", ZIP_ROOT_RELS, strlen(ZIP_ROOT_RELS), 1},
        {"xl/workbook.xml", workbook, strlen(workbook), 1},
        {"xl/_rels/workbook.xml.rels", excel_workbook_rels, strlen(excel_workbook_rels), 1},
        {"xl/chartsheets/sheet1.xml", chart, strlen(chart), 1},
        {"xl/worksheets/data.xml", excel_sheet, strlen(excel_sheet), 1},
        {"xl/strings.xml", excel_strings, strlen(excel_strings), 0},
        {"xl/styles.xml", excel_styles, strlen(excel_styles), 1},
    };
    unsigned char *z = zip_build(parts, 8, len, NULL);
    assert_non_null(z);
    return z;
}

static void excel_phonetic_inline(void **state)
{
    size_t len;
    unsigned char *z = excel_style(excel_workbook, &len);
    char row7[256] = "7:";

    for (int i = 0; i < 27; i++)
        strcat(row7, "E=|");
    strcat(row7, "N=42\n");
    char want[2048];
    snprintf(want, sizeof want, "%s%s",
             "1:S=姓名|S=检验 报告|S=内联|S=富文本\n"
             "2:S=  |S=   |S=第一行\r\n第二行|S=a_x0041_b|E=|S=<b>&中<i>\n"
             "3:N=45000|D=2023-03-15|N=45000|D=2023-03-15|D=1900-01-01|N=45000\n"
             "4:B=TRUE|X=#N/A|S=姓名检验 报告|X=#DIV/0!|D=2024-02-29\n"
             "6:E=|N=60|D=1900-02-28|D=1900-03-01|N=0.5\n",
             row7);
    strcat(want, "9:E=|E=|S=姓名\n");
    expect_rows(z, len, want);
    free(z);
}

static void excel_date1904(void **state)
{
    static const char wb1904[] =
        XMLDECL "<workbook " NS_MAIN " " NS_R "><workbookPr date1904=\"1\"/>"
        "<sheets><sheet name=\"图表\" sheetId=\"2\" r:id=\"rId5\"/><sheet name=\"数据\" sheetId=\"1\" r:id=\"rId7\"/></sheets></workbook>";
    size_t len;
    unsigned char *z = excel_style(wb1904, &len);
    struct dump d = {0};
    char err[256];

    assert_int_equal(read_mem(z, len, NULL, &d, err, sizeof err), 0);
    assert_non_null(strstr(d.text, "3:N=45000|D=2027-03-16|N=45000|D=2027-03-16|D=1904-01-02|N=45000\n"));
    assert_non_null(strstr(d.text, "6:E=|D=1904-03-01|D=1904-02-29|D=1904-03-02|D=1904-01-01\n"));
    free(d.text);
    free(z);
}

static void xlsx_limits_and_bad_cells(void **state)
{
    struct sheet_limits lim = {0, 0, 0, 3};
    size_t len;
    unsigned char *z;

    /* a value past max_cols is refused; styled empty cells there are not */
    z = mini_xlsx(XMLDECL "<worksheet " NS_MAIN "><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c>"
                  "<c r=\"XFD1\" s=\"3\"/></row><row r=\"2\"><c r=\"D2\"><v>2</v></c></row></sheetData></worksheet>",
                  NULL, NULL, NULL, &len);
    expect_error(z, len, &lim, "第 2 行：列数超过 3 列");
    free(z);
    /* cells out of order, bad references, shared string index out of range, rows backwards */
    static const char *const bad[][2] = {
        {"<row r=\"3\"><c r=\"B3\"><v>1</v></c><c r=\"A3\"><v>1</v></c></row>", "第 3 行：单元格顺序错误"},
        {"<row r=\"3\"><c r=\"1A\"><v>1</v></c></row>", "第 3 行：单元格位置无效"},
        {"<row r=\"3\"><c r=\"XFE3\"><v>1</v></c></row>", "第 3 行：单元格位置无效"},
        /* found by the fuzzer: a long column reference overflowed */
        {"<row r=\"3\"><c r=\"AUUUUUUUUUUUUUUUUUUUUUUUUUUUUU1\"><v>1</v></c></row>", "第 3 行：单元格位置无效"},
        {"<row r=\"3\">" "<c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/><c/></row>", "文件单元格数超过 16 个"},
        {"<row r=\"1048577\"/>", "行号无效"},
        {"<row r=\"1048576\"/><row/>", "第 1048577 行：行号无效"},
        {"<!-- 1 --><row r=\"3\"/><foo/>x<bar/>", ""},
        {"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>", "第 2 行：共享字符串编号无效"},
        {"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>-1</v></c></row>", "第 2 行：共享字符串编号无效"},
        {"<row r=\"5\"/><row r=\"4\"/>", "第 4 行：行号顺序错误"},
        {"<row r=\"0\"/>", "第 1 行：行号无效"},
    };
    lim = (struct sheet_limits){0, 0, 4, 4};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char sheet[1024];
        snprintf(sheet, sizeof sheet, XMLDECL "<worksheet " NS_MAIN "><sheetData>%s</sheetData></worksheet>", bad[i][0]);
        z = mini_xlsx(sheet, NULL, NULL, NULL, &len);
        if (bad[i][1][0])
            expect_error(z, len, &lim, bad[i][1]);
        else
            expect_rows(z, len, ""); /* a few stray nodes and comments are fine */
        free(z);
    }
    /* many are not: each costs parse time (and comments, memory) */
    {
        static const char *const junk[] = {"<foo/>", "<!---->", "<?pi?>", "x<foo/>"};
        for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
            struct zstream st = {4u << 20, 0, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", junk[i]};
            const struct zpart parts[] = {
                {"[Content_Types].xml", ZIP_CONTENT_TYPES, strlen(ZIP_CONTENT_TYPES), 1},
                {"_rels/.rels", ZIP_ROOT_RELS, strlen(ZIP_ROOT_RELS), 1},
                {"xl/workbook.xml", ZIP_WORKBOOK, strlen(ZIP_WORKBOOK), 1},
                {"xl/_rels/workbook.xml.rels", ZIP_WORKBOOK_RELS, strlen(ZIP_WORKBOOK_RELS), 1},
                {"xl/worksheets/sheet1.xml", NULL, 0, 1},
            };
            double t0;
            assert_non_null(z = zip_build(parts, 5, &len, &st));
            t0 = now();
            expect_error(z, len, NULL, "文件不是有效的 Excel 文件（.xlsx）");
            assert_true(now() - t0 < 1);
            free(z);
        }
        /* one tag with 100 000 attributes (libxml2 compares them pairwise) */
        struct {
            char *p;
            size_t n;
        } b;
        b.p = malloc(2u << 20);
        assert_non_null(b.p);
        b.n = (size_t)sprintf(b.p, "<worksheet><sheetData><row r=\"1\"");
        for (int i = 0; i < 100000; i++)
            b.n += (size_t)sprintf(b.p + b.n, " a%d=\"\"", i);
        b.n += (size_t)sprintf(b.p + b.n, "/></sheetData></worksheet>");
        z = mini_xlsx(b.p, NULL, NULL, NULL, &len);
        double t0 = now();
        expect_error(z, len, NULL, "文件不是有效的 Excel 文件（.xlsx）");
        assert_true(now() - t0 < 1);
        free(z);
        free(b.p);
    }
}

/* ---- hostile and broken files ---- */

/* Sets the uncompressed size of part name in the local header and the central directory. */
static void lie_about_size(unsigned char *z, size_t len, const char *name, uint32_t size)
{
    size_t nl = strlen(name);
    int patched = 0;

    for (size_t i = 0; i + 46 + nl <= len; i++) {
        if (!memcmp(z + i, "PK\3\4", 4) && z[i + 26] == nl && !memcmp(z + i + 30, name, nl))
            memcpy(z + i + 22, &size, 4), patched++;
        if (!memcmp(z + i, "PK\1\2", 4) && z[i + 28] == nl && !memcmp(z + i + 46, name, nl))
            memcpy(z + i + 24, &size, 4), patched++;
    }
    assert_int_equal(patched, 2);
}

static unsigned char *bomb(size_t *len, const char *head, const char *pattern)
{
    const struct zpart parts[] = {
        {"[Content_Types].xml", ZIP_CONTENT_TYPES, strlen(ZIP_CONTENT_TYPES), 1},
        {"_rels/.rels", ZIP_ROOT_RELS, strlen(ZIP_ROOT_RELS), 1},
        {"xl/workbook.xml", ZIP_WORKBOOK, strlen(ZIP_WORKBOOK), 1},
        {"xl/_rels/workbook.xml.rels", ZIP_WORKBOOK_RELS, strlen(ZIP_WORKBOOK_RELS), 1},
        {"xl/worksheets/sheet1.xml", NULL, 0, 1},
    };
    /* zeros: 1 GiB (~1 MB deflated); XML: 256 MiB, 2.5 times the default budget */
    struct zstream gib = {pattern ? 256u << 20 : 1u << 30, 0, head, pattern};
    unsigned char *z = zip_build(parts, 5, len, &gib);
    assert_non_null(z);
    return z;
}

/* Resets the peak RSS (VmHWM) of this process; returns the current RSS in KiB. */
static long rss_reset(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    assert_non_null(f);
    fputs("5", f);
    fclose(f);
    return proc_status_kib("VmRSS");
}

static void zip_bomb(void **state)
{
    size_t len;
    unsigned char *z;
    double t0;
    long rss0;
    struct sheet_limits budget = {0, 4u << 20, 0, 0};

    /* 1 GiB of zeros, honest header: refused from the header, at once */
    t0 = now();
    z = bomb(&len, NULL, NULL);
    print_message("1 GiB of zeros deflated to %zu bytes in %.1f s\n", len, now() - t0);
    assert_true(len < 2u << 20);
    rss0 = rss_reset();
    t0 = now();
    expect_error(z, len, NULL, "文件解压后过大，已拒绝");
    assert_true(now() - t0 < 0.5);
    /* the same with the header claiming 1000 bytes: zeros are not XML, refused at once */
    lie_about_size(z, len, "xl/worksheets/sheet1.xml", 1000);
    t0 = now();
    expect_error(z, len, NULL, "文件不是有效的 Excel 文件（.xlsx）");
    assert_true(now() - t0 < 0.5);
    assert_true(proc_status_kib("VmHWM") - rss0 < 16 * 1024);
    free(z);

    /* 256 MiB of valid XML with a lying header: refused once past the announced size */
    z = bomb(&len, "<worksheet><sheetData>", "<row/>");
    lie_about_size(z, len, "xl/worksheets/sheet1.xml", 1000);
    rss0 = rss_reset();
    t0 = now();
    expect_error(z, len, NULL, "文件解压后过大，已拒绝");
    print_message("lying header: refused in %.0f ms, peak RSS +%ld KiB\n", (now() - t0) * 1000,
                  proc_status_kib("VmHWM") - rss0);
    assert_true(now() - t0 < 0.5);
    assert_true(proc_status_kib("VmHWM") - rss0 < 16 * 1024);
    free(z);
    /* honest parts each under the budget, over it together: the running count */
    {
        static const char head[] = "<sst " NS_MAIN ">", si[] = "<si><t>x</t></si>", tail[] = "</sst>";
        size_t n = 3u << 20, at = 0;
        char *sst = malloc(n);
        assert_non_null(sst);
        memcpy(sst, head, strlen(head));
        at = strlen(head);
        while (at + strlen(si) + strlen(tail) <= n)
            memcpy(sst + at, si, strlen(si)), at += strlen(si);
        memcpy(sst + at, tail, strlen(tail));
        at += strlen(tail);
        const struct zpart parts[] = {
            {"[Content_Types].xml", ZIP_CONTENT_TYPES, strlen(ZIP_CONTENT_TYPES), 1},
            {"_rels/.rels", ZIP_ROOT_RELS, strlen(ZIP_ROOT_RELS), 1},
            {"xl/workbook.xml", ZIP_WORKBOOK, strlen(ZIP_WORKBOOK), 1},
            {"xl/_rels/workbook.xml.rels", ZIP_WORKBOOK_RELS, strlen(ZIP_WORKBOOK_RELS), 1},
            {"xl/sharedStrings.xml", sst, at, 1},
            {"xl/worksheets/sheet1.xml", NULL, 0, 1},
        };
        struct zstream sheet = {3u << 20, 0, "<worksheet><sheetData>", "<row/>"};
        assert_non_null(z = zip_build(parts, 6, &len, &sheet));
        expect_error(z, len, &budget, "文件解压后过大，已拒绝");
        budget.max_uncompressed = 7u << 20; /* the same within a larger budget: read */
        expect_error(z, len, &budget, "文件不是有效的 Excel 文件（.xlsx）"); /* no </worksheet> */
        free(z);
        free(sst);
    }
}

static const char xxe_sst[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE sst [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
    "<sst " NS_MAIN "><si><t>&xxe;</t></si></sst>";
static const char laughs_sst[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">"
    "]>\n<sst " NS_MAIN "><si><t>&lol9;</t></si></sst>";
static const char sheet_a1_shared[] =
    XMLDECL "<worksheet " NS_MAIN "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>";

static void xxe_and_doctype(void **state)
{
    static const char doctype[] = "文件含有不允许的 DTD 声明（DOCTYPE），已拒绝";
    size_t len;
    unsigned char *z;
    double t0;

    z = mini_xlsx(sheet_a1_shared, xxe_sst, NULL, NULL, &len);
    expect_error(z, len, NULL, doctype);
    free(z);
    z = mini_xlsx(sheet_a1_shared, laughs_sst, NULL, NULL, &len);
    t0 = now();
    expect_error(z, len, NULL, doctype); /* expanded, it would be 3 GB */
    assert_true(now() - t0 < 2);
    free(z);
    /* in any part, after a PI and a comment, in lower case, or hidden behind a declared
     * UTF-16 encoding (the parts are always read as UTF-8) */
    z = mini_xlsx("<?xml version=\"1.0\"?><!-- a -- b --><!DOCTYPE worksheet SYSTEM \"http://127.0.0.1:9/x.dtd\">"
                  "<worksheet " NS_MAIN "/>", NULL, NULL, NULL, &len);
    expect_error(z, len, NULL, doctype);
    free(z);
    z = mini_xlsx(sheet_a1_shared, "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!doctype sst><sst/>", NULL, NULL, &len);
    expect_error(z, len, NULL, doctype);
    free(z);
    z = mini_xlsx(sheet_a1_shared, NULL, NULL,
                  "\xEF\xBB\xBF<!DOCTYPE workbook [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><workbook>&e;</workbook>", &len);
    expect_error(z, len, NULL, doctype);
    free(z);
    /* an entity reference without any DTD is not well-formed */
    z = mini_xlsx(sheet_a1_shared, "<sst " NS_MAIN "><si><t>&xxe;</t></si></sst>", NULL, NULL, &len);
    expect_error(z, len, NULL, "文件不是有效的 Excel 文件（.xlsx）");
    free(z);
    /* a UTF-16 part is not read */
    z = mini_xlsx(sheet_a1_shared, "\xFF\xFE<\0s\0s\0t\0/\0>\0", NULL, NULL, &len);
    expect_error(z, len, NULL, "文件不是有效的 Excel 文件（.xlsx）");
    free(z);
}

static void missing_sheet_and_not_xlsx(void **state)
{
    size_t len;
    unsigned char *z;

    /* the workbook names a sheet whose part is missing */
    z = mini_xlsx(NULL, NULL, NULL, NULL, &len);
    expect_error(z, len, NULL, "Excel 文件中没有工作表");
    free(z);
    /* a workbook without sheets */
    z = mini_xlsx(sheet_a1_shared, NULL, NULL, XMLDECL "<workbook " NS_MAIN "><sheets/></workbook>", &len);
    expect_error(z, len, NULL, "Excel 文件中没有工作表");
    free(z);
    /* a zip that is not a workbook, a truncated one, a zip signature and garbage */
    {
        const struct zpart parts[] = {{"readme.txt", "hello", 5, 1}};
        assert_non_null(z = zip_build(parts, 1, &len, NULL));
        expect_error(z, len, NULL, "文件不是有效的 Excel 文件（.xlsx）");
        free(z);
    }
    z = mini_xlsx(sheet_a1_shared, NULL, NULL, NULL, &len);
    expect_error(z, len / 2, NULL, "文件不是有效的 Excel 文件（.xlsx）");
    free(z);
    expect_error("PK\3\4garbage", 11, NULL, "文件不是有效的 Excel 文件（.xlsx）");
    assert_int_equal(sheet_detect((const unsigned char *)"PK\3\4", 4), SHEET_XLSX);
}

static int setup(void **state)
{
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    return rmdir(tmpdir); /* fails when a file was left behind */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xlsxwriter_types),
        cmocka_unit_test(xlsxwriter_inline_strings),
        cmocka_unit_test(xlsxwriter_10000_rows),
        cmocka_unit_test(libreoffice_people),
        cmocka_unit_test(libreoffice_elevators),
        cmocka_unit_test(excel_phonetic_inline),
        cmocka_unit_test(excel_date1904),
        cmocka_unit_test(xlsx_limits_and_bad_cells),
        cmocka_unit_test(zip_bomb),
        cmocka_unit_test(xxe_and_doctype),
        cmocka_unit_test(missing_sheet_and_not_xlsx),
    };
    /* e.g. SHEET_TEST_FILTER='csv*' to run some under valgrind (the bombs take long there) */
    if (getenv("SHEET_TEST_FILTER"))
        cmocka_set_test_filter(getenv("SHEET_TEST_FILTER"));
    return cmocka_run_group_tests(tests, setup, teardown);
}
