/* sheet_dump.h — rows read by sheet_read() collected as text, for the reader's unit
 * tests (test_sheet_read.c: .xlsx, test_sheet_csv.c: CSV). Header-only. */
#ifndef TEJIAN_TEST_SHEET_DUMP_H
#define TEJIAN_TEST_SHEET_DUMP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_read.h"
#include "util.h"

/* ---- collecting rows ---- */

/* Rows as text, one line each: "<row_no>:" then the cells "T=text" joined by "|"
 * (T: E empty, S string, N number, D date, B bool, X error). */
struct dump {
    char *text;
    size_t len, cap;
    long rows, last_row;
    int no_text;   /* only count (big files) */
    long stop_at;  /* return 7 at this row */
};

static inline void dput(struct dump *d, const char *s)
{
    size_t n = strlen(s);
    if (d->len + n + 1 > d->cap) {
        d->cap = (d->len + n + 1) * 2;
        d->text = realloc(d->text, d->cap);
        assert_non_null(d->text);
    }
    memcpy(d->text + d->len, s, n + 1);
    d->len += n;
}

static inline int collect(void *ctx, long row_no, const struct sheet_cell *cells, int ncells)
{
    struct dump *d = ctx;
    static const char tc[] = "ESNDBX";
    char head[32];

    assert_true(row_no > d->last_row);          /* in order, real numbers */
    assert_true(ncells > 0);                    /* rows without values are skipped */
    assert_int_not_equal(cells[ncells - 1].type, SHEET_EMPTY); /* trailing empties cut */
    d->last_row = row_no;
    d->rows++;
    for (int i = 0; i < ncells; i++) {
        assert_non_null(cells[i].text);
        assert_true(cells[i].type != SHEET_EMPTY || cells[i].text[0] == '\0');
    }
    if (d->stop_at && row_no == d->stop_at)
        return 7;
    if (d->no_text)
        return 0;
    snprintf(head, sizeof head, "%ld:", row_no);
    dput(d, head);
    for (int i = 0; i < ncells; i++) {
        char t[3] = {tc[cells[i].type], '=', '\0'};
        if (i)
            dput(d, "|");
        dput(d, t);
        dput(d, cells[i].text);
    }
    dput(d, "\n");
    return 0;
}

static inline int read_mem(const void *data, size_t len, const struct sheet_limits *lim,
                    struct dump *d, char *err, size_t errlen)
{
    if (!d->text)
        dput(d, "");
    return sheet_read(data, len, lim, collect, d, err, errlen);
}

/* Reads data; expects success and the dump. */
static inline void expect_rows(const void *data, size_t len, const char *want)
{
    struct dump d = {0};
    char err[256] = "";
    int rc = read_mem(data, len, NULL, &d, err, sizeof err);
    if (rc != 0)
        fail_msg("sheet_read failed: %d %s", rc, err);
    if (strcmp(d.text, want))
        fail_msg("rows differ.\n--- got:\n%s--- want:\n%s", d.text, want);
    free(d.text);
}

/* Reads data; expects -1 and a message containing want. */
static inline void expect_error(const void *data, size_t len, const struct sheet_limits *lim,
                         const char *want)
{
    struct dump d = {0};
    char err[256] = "";
    int rc = read_mem(data, len, lim, &d, err, sizeof err);
    if (rc != -1 || !strstr(err, want))
        fail_msg("want -1 \"%s\", got %d \"%s\"", want, rc, err);
    free(d.text);
}

static inline void expect_file(const char *path, const char *want)
{
    char *data;
    size_t len;
    if (read_file(path, &data, &len) < 0)
        fail_msg("cannot read %s", path);
    assert_int_equal(sheet_detect((unsigned char *)data, len), SHEET_XLSX);
    expect_rows(data, len, want);
    free(data);
}

static inline double now(void) { return now_monotonic(); }

/* A "VmRSS" / "VmHWM" line of /proc/self/status, in KiB. */
static inline long proc_status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t fl = strlen(field);

    assert_non_null(f);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, field, fl) && line[fl] == ':')
            v = strtol(line + fl + 1, NULL, 10);
    fclose(f);
    assert_true(v >= 0);
    return v;
}

#endif
