/* xlsx.c — see xlsx.h. libxlsxwriter 1.1.4 cannot write to memory (output_buffer came in
 * 1.1.5), so the workbook goes to a temp file that is unlinked the moment it is created:
 * mkstemp, unlink, and libxlsxwriter opens it again through /proc/self/fd/N. No path is
 * left behind even if the worker dies mid-export; the bytes are read back from our fd. */
#include "xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "log.h"

/* Excel's longest cell string, in characters. */
#define XLSX_STR_MAX 32767

struct xlsx_writer {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *header, *date, *text;
    const struct xlsx_column *cols;
    int ncols;
    long rows;   /* data rows written */
    int failed;  /* sticky error */
    int fd;      /* the unlinked temp file */
    char *tmpdir;
};

static const char *tmp_base(void)
{
    const char *t = getenv("TMPDIR");
    return t && t[0] == '/' ? t : "/tmp";
}

/* Copies title into out as a sheet name Excel accepts: no []:*?/\, not starting or ending
 * with an apostrophe, at most 31 characters (UTF-8 characters, not bytes). */
static void sheet_name(const char *title, char *out, size_t outsz)
{
    size_t o = 0;
    int chars = 0;
    const unsigned char *p = (const unsigned char *)(title ? title : "");

    while (*p && chars < LXW_SHEETNAME_MAX) {
        size_t n = 1;
        if (*p >= 0xC0)
            while ((p[n] & 0xC0) == 0x80 && n < 4)
                n++;
        if (o + n + 1 > outsz)
            break;
        if (n == 1 && (strchr("[]:*?/\\", *p) || *p < 0x20))
            out[o++] = '_';
        else {
            memcpy(out + o, p, n);
            o += n;
        }
        p += n;
        chars++;
    }
    out[o] = '\0';
    while (o > 0 && out[o - 1] == '\'')
        out[--o] = '\0';
    if (out[0] == '\'')
        out[0] = '_';
}

void xlsx_abort(struct xlsx_writer *w)
{
    if (!w)
        return;
    /* workbook_close, not lxw_workbook_free: in 1.1.4 only close closes the worksheet's
     * constant_memory row file (free leaks its fd). It writes into our unlinked temp
     * file, which goes away with the fd; its result is of no interest here. */
    if (w->wb)
        (void)workbook_close(w->wb);
    if (w->fd >= 0)
        close(w->fd);
    free(w->tmpdir);
    free(w);
}

struct xlsx_writer *xlsx_begin(const char *sheet_title, const struct xlsx_column *cols, int ncols)
{
    struct xlsx_writer *w = NULL;
    char path[PATH_MAX], procpath[64], name[LXW_MAX_SHEETNAME_LENGTH];
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_FALSE};
    int n;

    if (!cols || ncols <= 0 || ncols > 16384) {
        log_error("xlsx: bad column list (%d columns)", ncols);
        return NULL;
    }
    w = calloc(1, sizeof *w);
    if (!w) {
        log_error("xlsx: out of memory");
        return NULL;
    }
    w->fd = -1;
    w->cols = cols;
    w->ncols = ncols;

    n = snprintf(path, sizeof path, "%s/tejian-xlsx-XXXXXX", tmp_base());
    if (n < 0 || (size_t)n >= sizeof path) {
        log_error("xlsx: temp directory path too long");
        goto fail;
    }
    w->fd = mkstemp(path);
    if (w->fd < 0) {
        log_error("xlsx: mkstemp %s: %s", path, strerror(errno));
        goto fail;
    }
    if (unlink(path) != 0) {
        log_error("xlsx: unlink %s: %s", path, strerror(errno));
        goto fail;
    }
    n = snprintf(procpath, sizeof procpath, "/proc/self/fd/%d", w->fd);
    if (n < 0 || (size_t)n >= sizeof procpath || access(procpath, W_OK) != 0) {
        log_error("xlsx: %s not usable (is /proc mounted?)", procpath);
        goto fail;
    }
    /* constant_memory's row files go where our file went (tmpfile() ignores TMPDIR). */
    w->tmpdir = strdup(tmp_base());
    if (!w->tmpdir) {
        log_error("xlsx: out of memory");
        goto fail;
    }
    opt.tmpdir = w->tmpdir;
    w->wb = workbook_new_opt(procpath, &opt);
    if (!w->wb) {
        log_error("xlsx: workbook_new_opt failed");
        goto fail;
    }

    sheet_name(sheet_title, name, sizeof name);
    if (!name[0] || workbook_validate_sheet_name(w->wb, name) != LXW_NO_ERROR) {
        log_warn("xlsx: sheet title not usable, using the default");
        w->ws = workbook_add_worksheet(w->wb, NULL);
    } else
        w->ws = workbook_add_worksheet(w->wb, name);
    w->header = workbook_add_format(w->wb);
    w->date = workbook_add_format(w->wb);
    w->text = workbook_add_format(w->wb);
    if (!w->ws || !w->header || !w->date || !w->text) {
        log_error("xlsx: cannot add the worksheet or its formats");
        goto fail;
    }
    format_set_bold(w->header);
    format_set_num_format(w->date, "yyyy-mm-dd");
    format_set_num_format(w->text, "@"); /* a code retyped in Excel stays text */

    for (int c = 0; c < ncols; c++) {
        const struct xlsx_column *col = &cols[c];
        double width = col->width > 0 ? col->width : LXW_DEF_COL_WIDTH;
        lxw_format *fmt = col->kind == XLSX_TEXT ? w->text
                        : col->kind == XLSX_DATE ? w->date : NULL;
        lxw_error e = worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, width, fmt);
        if (e == LXW_NO_ERROR)
            e = worksheet_write_string(w->ws, 0, (lxw_col_t)c, col->title ? col->title : "",
                                       w->header);
        if (e != LXW_NO_ERROR) {
            log_error("xlsx: header column %d: %s", c, lxw_strerror(e));
            goto fail;
        }
    }
    worksheet_freeze_panes(w->ws, 1, 0);
    return w;

fail:
    xlsx_abort(w);
    return NULL;
}

/* Strict YYYY-MM-DD with a real calendar day, 1900 (Excel's epoch) to 9999. */
static int parse_date(const char *s, lxw_datetime *dt)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    y = atoi(s);
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return -1;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return -1;
    *dt = (lxw_datetime){.year = y, .month = m, .day = d};
    return 0;
}

/* An optional '-' and 1..15 digits: exactly representable as a double. */
static int parse_int(const char *s, double *v)
{
    const char *p = s + (s[0] == '-');
    size_t n = strlen(p);

    if (n == 0 || n > 15 || strspn(p, "0123456789") != n)
        return -1;
    *v = (double)strtoll(s, NULL, 10);
    return 0;
}

/* Writes s as a string cell, cut at a character boundary to Excel's limit if longer.
 * (XML control characters are libxlsxwriter's business: it escapes them.) */
static lxw_error write_text(struct xlsx_writer *w, lxw_row_t row, lxw_col_t col, const char *s)
{
    size_t cut = 0, chars = 0;
    char *copy;
    lxw_error e;

    /* the byte offset of the character after the limit, or the end of s */
    while (s[cut] && chars < XLSX_STR_MAX) {
        cut++;
        while (((unsigned char)s[cut] & 0xC0) == 0x80)
            cut++;
        chars++;
    }
    if (!s[cut])
        return worksheet_write_string(w->ws, row, col, s, w->text);
    copy = strndup(s, cut);
    if (!copy)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    log_warn("xlsx: cell (%u,%u) cut to %d characters", (unsigned)row, (unsigned)col,
             XLSX_STR_MAX);
    e = worksheet_write_string(w->ws, row, col, copy, w->text);
    free(copy);
    return e;
}

static lxw_error write_cell(struct xlsx_writer *w, lxw_row_t row, int c, const char *s)
{
    lxw_col_t col = (lxw_col_t)c;
    lxw_datetime dt;
    double v;

    if (!s || !s[0])
        return LXW_NO_ERROR; /* blank: the column format already covers it */
    switch (w->cols[c].kind) {
    case XLSX_DATE:
        if (parse_date(s, &dt) == 0)
            return worksheet_write_datetime(w->ws, row, col, &dt, w->date);
        break; /* not a date we can represent: keep it as text rather than lose it */
    case XLSX_INT:
        if (parse_int(s, &v) == 0)
            return worksheet_write_number(w->ws, row, col, v, NULL);
        break;
    case XLSX_TEXT:
        break;
    }
    return write_text(w, row, col, s);
}

/* Room for one more row? Sets the sticky error when not. */
static int row_ok(struct xlsx_writer *w)
{
    if (!w)
        return 0;
    if (w->failed)
        return 0;
    if (w->rows >= XLSX_MAX_ROWS) {
        log_error("xlsx: more than %d rows", XLSX_MAX_ROWS);
        w->failed = 1;
        return 0;
    }
    return 1;
}

int xlsx_add_row(struct xlsx_writer *w, const char *const *values)
{
    lxw_row_t row;

    if (!row_ok(w))
        return -1;
    row = (lxw_row_t)(w->rows + 1);
    for (int c = 0; c < w->ncols; c++) {
        lxw_error e = write_cell(w, row, c, values ? values[c] : NULL);
        if (e != LXW_NO_ERROR) {
            log_error("xlsx: row %ld column %d: %s", w->rows + 1, c, lxw_strerror(e));
            w->failed = 1;
            return -1;
        }
    }
    w->rows++;
    return 0;
}

int xlsx_add_result(struct xlsx_writer *w, const PGresult *res)
{
    int *fnum = NULL, rc = -1;
    const char **vals = NULL;

    if (!w || w->failed)
        return -1;
    if (!res) {
        log_error("xlsx: no result");
        goto out;
    }
    fnum = malloc(sizeof *fnum * (size_t)w->ncols);
    vals = malloc(sizeof *vals * (size_t)w->ncols);
    if (!fnum || !vals) {
        log_error("xlsx: out of memory");
        goto out;
    }
    for (int c = 0; c < w->ncols; c++) {
        fnum[c] = w->cols[c].field ? PQfnumber(res, w->cols[c].field) : -1;
        if (fnum[c] < 0) {
            log_error("xlsx: result has no column \"%s\"",
                      w->cols[c].field ? w->cols[c].field : "(null)");
            goto out;
        }
    }
    for (int r = 0, n = PQntuples(res); r < n; r++) {
        for (int c = 0; c < w->ncols; c++)
            vals[c] = PQgetisnull(res, r, fnum[c]) ? NULL : PQgetvalue(res, r, fnum[c]);
        if (xlsx_add_row(w, vals) != 0)
            goto out;
    }
    rc = 0;
out:
    if (rc != 0)
        w->failed = 1;
    free(fnum);
    free(vals);
    return rc;
}

long xlsx_rows(const struct xlsx_writer *w)
{
    return w ? w->rows : 0;
}

int xlsx_finish(struct xlsx_writer *w, unsigned char **out, size_t *len)
{
    unsigned char *buf = NULL;
    struct stat st;
    size_t got = 0;
    lxw_error e;
    int rc = -1;

    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!w || !out || !len) {
        log_error("xlsx: finish without writer or output");
        goto out;
    }
    if (w->failed)
        goto out;
    e = worksheet_autofilter(w->ws, 0, 0, (lxw_row_t)w->rows, (lxw_col_t)(w->ncols - 1));
    if (e != LXW_NO_ERROR) {
        log_error("xlsx: autofilter: %s", lxw_strerror(e));
        goto out;
    }
    e = workbook_close(w->wb); /* frees the workbook whatever it returns */
    w->wb = NULL;
    if (e != LXW_NO_ERROR) {
        log_error("xlsx: workbook_close: %s", lxw_strerror(e));
        goto out;
    }
    if (fstat(w->fd, &st) != 0) {
        log_error("xlsx: fstat: %s", strerror(errno));
        goto out;
    }
    if (st.st_size <= 0 || (uintmax_t)st.st_size > SIZE_MAX - 1) {
        log_error("xlsx: workbook of %jd bytes", (intmax_t)st.st_size);
        goto out;
    }
    buf = malloc((size_t)st.st_size);
    if (!buf) {
        log_error("xlsx: out of memory for %jd bytes", (intmax_t)st.st_size);
        goto out;
    }
    while (got < (size_t)st.st_size) {
        ssize_t r = pread(w->fd, buf + got, (size_t)st.st_size - got, (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            log_error("xlsx: reading the workbook back: %s", r < 0 ? strerror(errno) : "short file");
            goto out;
        }
        got += (size_t)r;
    }
    *out = buf;
    *len = got;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    xlsx_abort(w);
    return rc;
}

int xlsx_from_result(const char *sheet_title, const struct xlsx_column *cols, int ncols,
                     const PGresult *res, unsigned char **out, size_t *len)
{
    struct xlsx_writer *w = xlsx_begin(sheet_title, cols, ncols);

    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!w)
        return -1;
    if (xlsx_add_result(w, res) != 0) {
        xlsx_abort(w);
        return -1;
    }
    return xlsx_finish(w, out, len);
}



int xlsx_template(const char *sheet_title, const struct xlsx_template_column *tcols, int ncols,
                  const char *const *notes, long max_rows, unsigned char **out, size_t *len)
{
    struct xlsx_column *cols = calloc((size_t)(ncols > 0 ? ncols : 1), sizeof *cols);
    struct xlsx_writer *w = NULL;
    lxw_format *required;
    lxw_worksheet *help;
    lxw_error e = LXW_NO_ERROR;
    int rc = -1;

    *out = NULL;
    *len = 0;
    if (!cols)
        return -1;
    for (int c = 0; c < ncols; c++)
        cols[c] = (struct xlsx_column){tcols[c].title, tcols[c].title, tcols[c].kind, tcols[c].width};
    if (!(w = xlsx_begin(sheet_title, cols, ncols)))
        goto out;
    required = workbook_add_format(w->wb);
    if (!required)
        goto out;
    format_set_bold(required);
    format_set_bg_color(required, 0xFFD966);
    format_set_pattern(required, LXW_PATTERN_SOLID);
    for (int c = 0; c < ncols && e == LXW_NO_ERROR; c++) {
        if (tcols[c].required)
            e = worksheet_write_string(w->ws, 0, (lxw_col_t)c, tcols[c].title, required);
        if (e == LXW_NO_ERROR && tcols[c].choices) {
            lxw_data_validation dv = {0};
            dv.validate = LXW_VALIDATION_TYPE_LIST;
            dv.value_list = (char **)tcols[c].choices; /* read only by libxlsxwriter */
            dv.error_title = "请从列表中选择";
            dv.error_message = "只能填写下拉列表中的值。";
            e = worksheet_data_validation_range(w->ws, 1, (lxw_col_t)c, (lxw_row_t)max_rows, (lxw_col_t)c, &dv);
        }
    }
    if (e != LXW_NO_ERROR) {
        log_error("xlsx template: %s", lxw_strerror(e));
        goto out;
    }
    help = workbook_add_worksheet(w->wb, "填写说明");
    if (!help)
        goto out;
    worksheet_set_column(help, 0, 0, 100, NULL);
    for (long i = 0; notes && notes[i] && e == LXW_NO_ERROR; i++)
        e = worksheet_write_string(help, (lxw_row_t)i, 0, notes[i], i == 0 ? w->header : NULL);
    if (e != LXW_NO_ERROR)
        goto out;
    rc = xlsx_finish(w, out, len);
    w = NULL;
out:
    xlsx_abort(w);
    free(cols);
    return rc;
}
