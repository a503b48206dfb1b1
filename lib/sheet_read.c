/* sheet_read.c — uploaded spreadsheets read row by row (see sheet_read.h): format
 * detection, limits, the row assembly shared with the xlsx reader (lib/sheet_xlsx.c) and
 * the CSV reader.
 *
 * CSV: RFC 4180 (comma, CRLF or LF or CR, "quoted" fields with "" for a quote and line
 * breaks inside), read the way Excel reads it: characters after a closing quote are kept
 * (`"ab"c` = abc), a quote inside an unquoted field is literal. An unclosed quote is an
 * error (it would swallow the rest of the file). Text: UTF-8 with or without BOM, else
 * GB18030 (what Excel saves on Chinese Windows) converted with iconv. Own parser rather
 * than libcsv: libcsv trims spaces by default and reports blank lines in a way that
 * makes the real row numbers awkward to keep; this one is small and fuzzed
 * (tests/fuzz/fuzz_sheet_read.c). */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_internal.h"

void sheet_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

int sheet_buf_add(struct sheet_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->len + n + 1) {
            if (cap > SIZE_MAX / 2)
                return -1;
            cap *= 2;
        }
        if (!(p = realloc(b->p, cap)))
            return -1;
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int sheet_row_init(struct sheet_row *r, int max_cols)
{
    memset(r, 0, sizeof *r);
    r->max_cols = max_cols;
    r->type = calloc((size_t)max_cols, sizeof *r->type);
    r->off = calloc((size_t)max_cols, sizeof *r->off);
    r->cells = calloc((size_t)max_cols, sizeof *r->cells);
    r->cap = 1024;
    r->text = malloc(r->cap);
    if (!r->type || !r->off || !r->cells || !r->text) {
        sheet_row_free(r);
        return -1;
    }
    return 0;
}

void sheet_row_free(struct sheet_row *r)
{
    free(r->type);
    free(r->off);
    free(r->cells);
    free(r->text);
    memset(r, 0, sizeof *r);
}

void sheet_row_reset(struct sheet_row *r)
{
    for (int i = 0; i < r->ncells; i++)
        r->type[i] = SHEET_EMPTY;
    r->ncells = 0;
    r->len = 0;
}

int sheet_row_set(struct sheet_row *r, int col, enum sheet_cell_type type, const char *s, size_t n)
{
    if (col < 0 || col >= r->max_cols)
        return -1;
    if (type == SHEET_EMPTY || (n == 0 && type == SHEET_STRING)) {
        r->type[col] = SHEET_EMPTY;
        return 0;
    }
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap;
        char *p;
        while (cap < r->len + n + 1) {
            if (cap > SIZE_MAX / 2)
                return -1;
            cap *= 2;
        }
        if (!(p = realloc(r->text, cap)))
            return -1;
        r->text = p;
        r->cap = cap;
    }
    memcpy(r->text + r->len, s, n);
    r->text[r->len + n] = '\0';
    r->off[col] = r->len;
    r->len += n + 1;
    r->type[col] = type;
    if (col + 1 > r->ncells)
        r->ncells = col + 1;
    return 0;
}

int sheet_row_emit(struct sheet_row *r, long row_no, const struct sheet_lim *lim,
                   sheet_row_fn fn, void *ctx, char *err, size_t errlen)
{
    /* Trailing cells set empty (a "" string) do not count. */
    while (r->ncells > 0 && r->type[r->ncells - 1] == SHEET_EMPTY)
        r->ncells--;
    if (r->ncells == 0)
        return 0;
    if (row_no > lim->max_rows) {
        sheet_err(err, errlen, "文件行数超过 %ld 行", lim->max_rows);
        return -1;
    }
    for (int i = 0; i < r->ncells; i++) {
        r->cells[i].type = r->type[i];
        r->cells[i].text = r->type[i] == SHEET_EMPTY ? "" : r->text + r->off[i];
    }
    return fn(ctx, row_no, r->cells, r->ncells);
}

/* Strict UTF-8 (no overlong forms, surrogates or code points over U+10FFFF). Returns the
 * length of the valid prefix: n when all of s is valid. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i], need, min, cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            need = 1, min = 0x80, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2, min = 0x800, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3, min = 0x10000, cp = c & 0x07;
        else
            return i;
        if (n - i <= need)
            return i;
        for (unsigned k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return n;
}

/* The record number (1-based line, quotes ignored) at byte offset off, for messages. */
static long line_at(const unsigned char *s, size_t off)
{
    long line = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n')
            line++;
    return line;
}

/* GB18030 → UTF-8 into a malloc'd buffer. Returns 0, or -1 with err set. */
static int from_gb18030(const unsigned char *s, size_t n, char **out, size_t *outlen,
                        char *err, size_t errlen)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    size_t cap = n / 2 * 3 + 8, inleft = n, outleft = cap;
    char *in = (char *)s, *buf = NULL, *o;
    int rc = -1;

    if (cd == (iconv_t)-1) {
        sheet_err(err, errlen, "%s", "无法转换文件编码（系统不支持 GB18030）");
        return -1;
    }
    if (!(buf = malloc(cap))) {
        sheet_err(err, errlen, "%s", SHEET_ERR_NOMEM);
        goto out;
    }
    o = buf;
    if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
        sheet_err(err, errlen, "文件编码无法识别（第 %ld 行附近），请另存为 UTF-8 编码的 CSV",
                  line_at(s, (size_t)(in - (char *)s)));
        goto out;
    }
    *out = buf;
    *outlen = cap - outleft;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    iconv_close(cd);
    return rc;
}

static int csv_parse(const char *s, size_t n, const struct sheet_lim *lim, sheet_row_fn fn,
                     void *ctx, char *err, size_t errlen)
{
    struct sheet_row row;
    struct sheet_buf field = {0};
    long row_no = 1;
    size_t i = 0;
    int rc = -1;

    if (sheet_row_init(&row, lim->max_cols) < 0) {
        sheet_err(err, errlen, "%s", SHEET_ERR_NOMEM);
        return -1;
    }
    while (i < n) {
        int col = 0;
        sheet_row_reset(&row);
        for (;;) { /* one field */
            size_t j;
            field.len = 0;
            if (s[i] == '"') {
                i++;
                for (;;) {
                    const char *q = memchr(s + i, '"', n - i);
                    if (!q) {
                        sheet_err(err, errlen, "第 %ld 行：引号未闭合", row_no);
                        goto out;
                    }
                    if (sheet_buf_add(&field, s + i, (size_t)(q - (s + i))) < 0)
                        goto nomem;
                    i = (size_t)(q - s) + 1;
                    if (i < n && s[i] == '"') {
                        if (sheet_buf_add(&field, "\"", 1) < 0)
                            goto nomem;
                        i++;
                        continue;
                    }
                    break;
                }
            }
            for (j = i; j < n && s[j] != ',' && s[j] != '\r' && s[j] != '\n'; j++)
                ;
            if (sheet_buf_add(&field, s + i, j - i) < 0)
                goto nomem;
            i = j;
            if (field.len) {
                if (col >= lim->max_cols) {
                    sheet_err(err, errlen, "第 %ld 行：列数超过 %d 列", row_no, lim->max_cols);
                    goto out;
                }
                if (sheet_row_set(&row, col, SHEET_STRING, field.p, field.len) < 0)
                    goto nomem;
            }
            if (i < n && s[i] == ',') {
                i++;
                col++;
                if (i < n)
                    continue;
            }
            break;
        }
        if (i < n && s[i] == '\r') {
            i++;
            if (i < n && s[i] == '\n')
                i++;
        } else if (i < n && s[i] == '\n') {
            i++;
        }
        if ((rc = sheet_row_emit(&row, row_no, lim, fn, ctx, err, errlen)) != 0)
            goto out;
        rc = -1;
        row_no++;
    }
    rc = 0;
    goto out;
nomem:
    sheet_err(err, errlen, "%s", SHEET_ERR_NOMEM);
    rc = -1;
out:
    free(field.p);
    sheet_row_free(&row);
    return rc;
}

static int csv_read(const unsigned char *data, size_t len, const struct sheet_lim *lim,
                    sheet_row_fn fn, void *ctx, char *err, size_t errlen)
{
    char *conv = NULL;
    size_t n = len;
    const char *s = (const char *)data;
    int rc;

    if (len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        sheet_err(err, errlen, "%s", "不支持旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx");
        return -1;
    }
    if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
        sheet_err(err, errlen, "%s", "不支持 UTF-16 编码的文本，请另存为 CSV（UTF-8）或 .xlsx");
        return -1;
    }
    if (memchr(data, '\0', len)) {
        sheet_err(err, errlen, "%s", "文件不是有效的 CSV 或 Excel 文件");
        return -1;
    }
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        s += 3, n -= 3;
    if (utf8_valid_prefix((const unsigned char *)s, n) != n) {
        if (from_gb18030((const unsigned char *)s, n, &conv, &n, err, errlen) < 0)
            return -1;
        s = conv;
    }
    rc = csv_parse(s, n, lim, fn, ctx, err, errlen);
    free(conv);
    return rc;
}

enum sheet_format sheet_detect(const unsigned char *data, size_t len)
{
    if (len >= 4 && data[0] == 'P' && data[1] == 'K' &&
        ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6)))
        return SHEET_XLSX;
    return SHEET_CSV;
}

int sheet_read(const unsigned char *data, size_t len, const struct sheet_limits *limits,
               sheet_row_fn fn, void *ctx, char *err, size_t errlen)
{
    struct sheet_lim lim = {20u << 20, 100u << 20, 100000, 64};

    if (err && errlen)
        err[0] = '\0';
    if (limits) {
        if (limits->max_bytes)
            lim.max_bytes = limits->max_bytes;
        if (limits->max_uncompressed)
            lim.max_uncompressed = limits->max_uncompressed;
        if (limits->max_rows > 0)
            lim.max_rows = limits->max_rows;
        if (limits->max_cols > 0)
            lim.max_cols = limits->max_cols;
    }
    if (!data || len == 0) {
        sheet_err(err, errlen, "%s", "文件为空");
        return -1;
    }
    if (len > lim.max_bytes) {
        if (lim.max_bytes >= 1u << 20)
            sheet_err(err, errlen, "文件超过 %zu MiB，已拒绝", lim.max_bytes >> 20);
        else
            sheet_err(err, errlen, "文件超过 %zu KiB，已拒绝", (lim.max_bytes + 1023) >> 10);
        return -1;
    }
    if (sheet_detect(data, len) == SHEET_XLSX)
        return sheet_xlsx_read(data, len, &lim, fn, ctx, err, errlen);
    return csv_read(data, len, &lim, fn, ctx, err, errlen);
}
