/* sheet_internal.h — shared by lib/sheet_read.c (detection, CSV) and lib/sheet_xlsx.c. */
#ifndef TEJIAN_SHEET_INTERNAL_H
#define TEJIAN_SHEET_INTERNAL_H

#include <stddef.h>

#include "sheet_read.h"

/* The limits with defaults filled in. */
struct sheet_lim {
    size_t max_bytes, max_uncompressed;
    long max_rows;
    int max_cols;
};

/* One row being assembled: cell types and texts (copied into one arena), handed to the
 * callback as struct sheet_cell[ncells]. */
struct sheet_row {
    int max_cols;
    int ncells;                  /* last non-empty column + 1 */
    enum sheet_cell_type *type;  /* [max_cols] */
    size_t *off;                 /* [max_cols] offsets into text */
    struct sheet_cell *cells;    /* [max_cols] */
    char *text;
    size_t len, cap;
};

int sheet_row_init(struct sheet_row *r, int max_cols);
void sheet_row_free(struct sheet_row *r);
void sheet_row_reset(struct sheet_row *r);
/* Sets column col (< max_cols) to a copy of s[0..n). Returns 0 or -1 (out of memory). */
int sheet_row_set(struct sheet_row *r, int col, enum sheet_cell_type type, const char *s, size_t n);
/* Calls fn with the row when it has a non-empty cell, after the row limit check.
 * Returns 0, fn's non-zero value, or -1 with err set. */
int sheet_row_emit(struct sheet_row *r, long row_no, const struct sheet_lim *lim,
                   sheet_row_fn fn, void *ctx, char *err, size_t errlen);

/* A growing byte buffer, always NUL-terminated once something was added. */
struct sheet_buf {
    char *p;
    size_t len, cap;
};
int sheet_buf_add(struct sheet_buf *b, const char *s, size_t n);

void sheet_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define SHEET_ERR_NOMEM "内存不足，无法读取文件"
#define SHEET_ERR_XLSX "文件不是有效的 Excel 文件（.xlsx）"
#define SHEET_ERR_BOMB "文件解压后过大，已拒绝"

int sheet_xlsx_read(const unsigned char *data, size_t len, const struct sheet_lim *lim,
                    sheet_row_fn fn, void *ctx, char *err, size_t errlen);

#endif
