/* sheet_xlsx_rows.c — shared strings and the rows of a worksheet (see sheet_xlsx.c).
 *
 * Strings: <si><t> or rich text <r><t> runs concatenated, phonetic runs <rPh> (furigana
 * / pinyin guides Excel keeps next to the text) skipped, whitespace kept as stored,
 * _xHHHH_ escapes decoded. Cells: t="s" shared, "inlineStr"
 * <is>, "str" formula result, "b", "e", "d" (ISO date), numbers; a number whose cell
 * format is a date becomes SHEET_DATE "YYYY-MM-DD". */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_xlsx.h"

/* Text inside an element whose text we keep: all of it, whitespace included (libxml2
 * calls whitespace-only text "significant" under xml:space="preserve" or no xml:space,
 * plain whitespace under xml:space="default"; Excel keeps it either way). */
static int text_node(struct part *p)
{
    int t = p->type;
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
           t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || t == XML_READER_TYPE_WHITESPACE;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes OOXML's _xHHHH_ escapes (characters XML cannot carry, e.g. _x000D_) in place.
 * NUL and surrogates are dropped. Returns the new length. */
static size_t unescape_x(char *s, size_t n)
{
    size_t i = 0, o = 0;

    while (i < n) {
        if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
            int h0 = hexval(s[i + 2]), h1 = hexval(s[i + 3]), h2 = hexval(s[i + 4]),
                h3 = hexval(s[i + 5]);
            if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
                unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
                if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    /* dropped */
                } else if (cp < 0x80) {
                    s[o++] = (char)cp;
                } else if (cp < 0x800) {
                    s[o++] = (char)(0xC0 | cp >> 6);
                    s[o++] = (char)(0x80 | (cp & 0x3F));
                } else {
                    s[o++] = (char)(0xE0 | cp >> 12);
                    s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    s[o++] = (char)(0x80 | (cp & 0x3F));
                }
                i += 7;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    s[o] = '\0';
    return o;
}

void sst_free(struct sst *sst)
{
    free(sst->text);
    free(sst->off);
    memset(sst, 0, sizeof *sst);
}

static int sst_push(struct sst *sst, struct sheet_buf *cur)
{
    struct sheet_buf arena = {sst->text, sst->len, sst->cap};
    size_t n = cur->len ? unescape_x(cur->p, cur->len) : 0;

    if (sheet_grow(&sst->off, &sst->ncap, sst->n, sizeof *sst->off) < 0 ||
        sheet_buf_add(&arena, n ? cur->p : "", n + 1) < 0)
        return -1;
    sst->text = arena.p;
    sst->cap = arena.cap;
    sst->off[sst->n++] = sst->len;
    sst->len = arena.len;
    cur->len = 0;
    return 0;
}

/* Shared strings; a workbook without the part has none. Returns 0 or -1. */
int sst_read(struct xz *z, const char *name, struct sst *sst)
{
    struct part p;
    struct sheet_buf cur = {0};
    int rc, in_si = 0, in_t = 0, rph = 0;

    if ((rc = part_open(z, name, &p)) <= 0)
        return rc;
    while ((rc = part_next(&p)) == 1) {
        if (is_start(&p, "si")) {
            in_si = 1, in_t = 0, rph = 0, cur.len = 0;
            if (xmlTextReaderIsEmptyElement(p.r) && sst_push(sst, &cur) < 0)
                goto nomem;
            in_si = !xmlTextReaderIsEmptyElement(p.r);
        } else if (!in_si) {
            continue;
        } else if (is_end(&p, "si")) {
            if (sst_push(sst, &cur) < 0)
                goto nomem;
            in_si = 0;
        } else if (is_start(&p, "rPh")) {
            rph = !xmlTextReaderIsEmptyElement(p.r);
        } else if (is_end(&p, "rPh")) {
            rph = 0;
        } else if (is_start(&p, "t")) {
            in_t = !rph && !xmlTextReaderIsEmptyElement(p.r);
        } else if (is_end(&p, "t")) {
            in_t = 0;
        } else if (in_t && text_node(&p)) {
            const char *v = (const char *)xmlTextReaderConstValue(p.r);
            if (v && sheet_buf_add(&cur, v, strlen(v)) < 0)
                goto nomem;
        }
    }
    goto out;
nomem:
    sheet_err(z->err, z->errlen, "%s", SHEET_ERR_NOMEM);
    rc = -1;
out:
    free(cur.p);
    part_close(&p);
    return rc < 0 ? -1 : 0;
}

/* ---- dates ---- */

/* Proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's civil_from_days). */
static void civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* An Excel serial as "YYYY-MM-DD" (time dropped). 1900 system: serial 1 = 1900-01-01 and
 * Excel's fictitious 1900-02-29 (serial 60) shifts every later serial by one; 1904
 * system: serial 0 = 1904-01-01. Returns 0, or -1 when the value is not a calendar date
 * (before the epoch, serial 60, past 9999-12-31): the cell is then passed as a number. */
static int serial_date(const char *text, int date1904, char out[16])
{
    char *end;
    double v = strtod(text, &end);
    long days, unix_days;
    int y, m, d;

    if (end == text || *end || !isfinite(v) || v < 0 || v > 2958466.0)
        return -1;
    days = (long)floor(v);
    if (date1904)
        unix_days = days - 24107; /* 1904-01-01 */
    else if (days < 1 || days == 60)
        return -1;
    else
        unix_days = days - (days < 60 ? 25568 : 25569);
    civil(unix_days, &y, &m, &d);
    if (y < 1900 || y > 9999)
        return -1;
    snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
    return 0;
}

/* ---- rows ---- */

enum ctype { CT_NUMBER, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERROR, CT_DATE };

struct walk {
    struct part *p;
    const struct sst *sst;
    const struct styles *st;
    const struct sheet_lim *lim;
    int date1904;
    struct sheet_row row;
    struct sheet_buf val;
    long row_no;
    int col;       /* last column set in the row, -1 before the first */
    /* the current cell */
    int c_col, c_style;
    enum ctype c_type;
};

static int fail_row(struct walk *w, const char *what)
{
    sheet_err(w->p->z->err, w->p->z->errlen, "第 %ld 行：%s", w->row_no, what);
    return -1;
}

/* "AB12" → column 27 (A = 0). -1 when malformed or past XFD. */
static int ref_col(const char *ref)
{
    int col = 0, n = 0;

    for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
        if (n == 3) /* XFD is the last column */
            return -1;
        col = col * 26 + (*ref - 'A' + 1);
    }
    if (n == 0 || col > 16384)
        return -1;
    for (; *ref; ref++)
        if (*ref < '0' || *ref > '9')
            return -1;
    return col - 1;
}

static int cell_start(struct walk *w)
{
    struct part *p = w->p;

    w->c_col = w->col + 1;
    w->c_style = 0;
    w->c_type = CT_NUMBER;
    w->val.len = 0;
    FOR_ATTRS(p->r) {
        const char *v = ATTR_VAL(p->r);
        if (ATTR_IS(p->r, "r")) {
            if ((w->c_col = ref_col(v)) < 0)
                return fail_row(w, "单元格位置无效");
        } else if (ATTR_IS(p->r, "s")) {
            long s = strtol(v, NULL, 10);
            w->c_style = s < 0 || s > INT32_MAX ? 0 : (int)s;
        } else if (ATTR_IS(p->r, "t")) {
            w->c_type = !strcmp(v, "s") ? CT_SHARED : !strcmp(v, "inlineStr") ? CT_INLINE
                      : !strcmp(v, "str") ? CT_STR : !strcmp(v, "b") ? CT_BOOL
                      : !strcmp(v, "e") ? CT_ERROR : !strcmp(v, "d") ? CT_DATE : CT_NUMBER;
        }
    }
    if (w->c_col > 16383) /* past XFD, also for cells without r */
        return fail_row(w, "单元格位置无效");
    if (w->c_col <= w->col)
        return fail_row(w, "单元格顺序错误");
    w->col = w->c_col;
    return 0;
}

static void trim(struct sheet_buf *b, const char **s, size_t *n)
{
    const char *a = b->len ? b->p : "";
    size_t len = b->len;

    while (len && (*a == ' ' || *a == '\t' || *a == '\r' || *a == '\n'))
        a++, len--;
    while (len && (a[len - 1] == ' ' || a[len - 1] == '\t' || a[len - 1] == '\r' || a[len - 1] == '\n'))
        len--;
    *s = a;
    *n = len;
}

static int cell_end(struct walk *w)
{
    enum sheet_cell_type type = SHEET_NUMBER;
    const char *s;
    size_t n;
    char date[16];

    if (w->c_type == CT_INLINE || w->c_type == CT_STR) {
        n = w->val.len ? unescape_x(w->val.p, w->val.len) : 0;
        s = n ? w->val.p : "";
        type = SHEET_STRING;
    } else {
        trim(&w->val, &s, &n);
        if (n == 0)
            return 0;
        switch (w->c_type) {
        case CT_SHARED: {
            char *end;
            unsigned long i = strtoul(s, &end, 10);
            if (end != s + n || s[0] == '-' || i >= (unsigned long)w->sst->n)
                return fail_row(w, "共享字符串编号无效");
            s = w->sst->text + w->sst->off[i];
            n = strlen(s);
            type = SHEET_STRING;
            break;
        }
        case CT_BOOL:
            type = SHEET_BOOL;
            s = (n == 1 && s[0] == '0') || (n == 5 && !memcmp(s, "false", 5)) ? "FALSE" : "TRUE";
            n = strlen(s);
            break;
        case CT_ERROR:
            type = SHEET_ERROR;
            break;
        case CT_DATE: /* ISO 8601 text: keep the date part */
            type = n >= 10 && s[4] == '-' && s[7] == '-' ? SHEET_DATE : SHEET_STRING;
            if (type == SHEET_DATE)
                n = 10;
            break;
        default:
            if (w->c_style < w->st->nxf && w->st->xf_date[w->c_style]) {
                char num[64];
                if (n < sizeof num) {
                    memcpy(num, s, n);
                    num[n] = '\0';
                    if (serial_date(num, w->date1904, date) == 0) {
                        s = date;
                        n = 10;
                        type = SHEET_DATE;
                    }
                }
            }
            break;
        }
    }
    if (n == 0)
        return 0;
    if (w->c_col >= w->lim->max_cols) {
        char msg[64];
        snprintf(msg, sizeof msg, "列数超过 %d 列", w->lim->max_cols);
        return fail_row(w, msg);
    }
    if (sheet_row_set(&w->row, w->c_col, type, s, n) < 0) {
        sheet_err(w->p->z->err, w->p->z->errlen, "%s", SHEET_ERR_NOMEM);
        return -1;
    }
    return 0;
}

static int row_start(struct walk *w)
{
    struct part *p = w->p;
    long r = w->row_no + 1;

    FOR_ATTRS(p->r) {
        if (ATTR_IS(p->r, "r")) {
            char *end;
            const char *v = ATTR_VAL(p->r);
            r = strtol(v, &end, 10);
            if (end == v || *end || r < 1 || r > 1048576) {
                w->row_no++;
                return fail_row(w, "行号无效");
            }
        }
    }
    if (r > 1048576) { /* past Excel's last row, also for rows without r */
        w->row_no = r;
        return fail_row(w, "行号无效");
    }
    if (r <= w->row_no) {
        w->row_no = r;
        return fail_row(w, "行号顺序错误");
    }
    w->row_no = r;
    w->col = -1;
    sheet_row_reset(&w->row);
    return 0;
}

/* Nodes before <sheetData> (<cols> may list up to 16 384 columns) and nodes in it that
 * are neither rows nor cells (Office writes none). Rows are bounded by row 1 048 576,
 * cells by max_rows x max_cols in all. */
#define MAX_BEFORE_DATA 200000
#define MAX_STRAY 10000

int rows_read(struct xz *z, const char *name, const struct sst *sst, const struct styles *st,
              int date1904, const struct sheet_lim *lim, sheet_row_fn fn, void *ctx)
{
    struct part p;
    struct walk w = {&p, sst, st, lim, date1904, {0}, {0}, 0, -1, 0, 0, CT_NUMBER};
    int rc, in_data = 0, in_row = 0, in_c = 0, in_v = 0, in_is = 0, in_t = 0, rph = 0;
    long stray = 0; /* nodes of no use: each costs parse time, so there is a cap */
    /* <c> elements, empty ones included: at most as many as the limits allow values */
    long cells = 0, max_cells = lim->max_rows * lim->max_cols;

    if ((rc = part_open(z, name, &p)) <= 0) {
        if (rc == 0)
            sheet_err(z->err, z->errlen, "Excel 文件中没有工作表（缺少 %s）", name);
        return -1;
    }
    if (sheet_row_init(&w.row, lim->max_cols) < 0) {
        sheet_err(z->err, z->errlen, "%s", SHEET_ERR_NOMEM);
        rc = -1;
        goto out;
    }
    while ((rc = part_next(&p)) == 1) {
        int empty;
        if (!in_data) {
            if (is_start(&p, "sheetData")) {
                if (xmlTextReaderIsEmptyElement(p.r))
                    break;
                in_data = 1;
            } else if (++stray > MAX_BEFORE_DATA) {
                goto junk;
            }
            continue;
        }
        if (in_c && (in_v || in_t) && text_node(&p)) {
            const char *v = (const char *)xmlTextReaderConstValue(p.r);
            if (v && sheet_buf_add(&w.val, v, strlen(v)) < 0)
                goto nomem;
            continue;
        }
        if (p.type != XML_READER_TYPE_ELEMENT && p.type != XML_READER_TYPE_END_ELEMENT)
            continue;
        empty = xmlTextReaderIsEmptyElement(p.r);
        if (in_c) {
            if (is_start(&p, "v"))
                in_v = !empty;
            else if (is_end(&p, "v"))
                in_v = 0;
            else if (is_start(&p, "is"))
                in_is = !empty;
            else if (is_end(&p, "is"))
                in_is = 0;
            else if (in_is && is_start(&p, "rPh"))
                rph = !empty;
            else if (is_end(&p, "rPh"))
                rph = 0;
            else if (in_is && is_start(&p, "t"))
                in_t = !rph && !empty;
            else if (is_end(&p, "t"))
                in_t = 0;
            else if (is_end(&p, "c")) {
                in_c = in_v = in_is = in_t = rph = 0;
                if (cell_end(&w) < 0)
                    goto fail;
            }
        } else if (in_row) {
            if (is_start(&p, "c")) {
                if (++cells > max_cells) {
                    sheet_err(z->err, z->errlen, "文件单元格数超过 %ld 个", max_cells);
                    goto fail;
                }
                if (cell_start(&w) < 0)
                    goto fail;
                in_c = !empty;
            } else if (is_end(&p, "row")) {
                in_row = 0;
                if ((rc = sheet_row_emit(&w.row, w.row_no, lim, fn, ctx, z->err, z->errlen)) != 0)
                    goto out;
            } else if (++stray > MAX_STRAY) {
                goto junk;
            }
        } else if (is_start(&p, "row")) {
            if (row_start(&w) < 0)
                goto fail;
            in_row = !empty;
        } else if (is_end(&p, "sheetData")) {
            break; /* nothing after it is needed */
        } else if (++stray > MAX_STRAY) {
            goto junk;
        }
    }
    if (rc == 1)
        rc = 0;
    goto out;
junk:
    sheet_err(z->err, z->errlen, "%s（%s 结构异常）", SHEET_ERR_XLSX, name);
    rc = -1;
    goto out;
nomem:
    sheet_err(z->err, z->errlen, "%s", SHEET_ERR_NOMEM);
fail:
    rc = -1;
out:
    free(w.val.p);
    sheet_row_free(&w.row);
    part_close(&p);
    return rc;
}
