/* xlsx.h — one-sheet .xlsx exports with libxlsxwriter: a bold frozen header row, then one
 * row per record. Codes and IDs stay text (every digit kept), dates are real Excel dates,
 * integers are numbers. Rows stream in (constant_memory), so an export can be fetched and
 * added in chunks; the workbook is built in a private temp file and handed back as bytes.
 *
 *   struct xlsx_writer *w = xlsx_begin("设备清单", cols, ncols);
 *   while (more chunks) xlsx_add_result(w, chunk);          // or xlsx_add_row(w, values)
 *   if (xlsx_finish(w, &data, &len) == 0) { ... free(data); }
 *
 * Errors are sticky: after a failed add every later call fails and xlsx_finish returns -1
 * (it frees the writer in every case), so a caller may check only the last call. */
#ifndef TEJIAN_XLSX_H
#define TEJIAN_XLSX_H

#include <stddef.h>
#include <libpq-fe.h>

enum xlsx_kind {
    XLSX_TEXT, /* written as a string, whatever it looks like */
    XLSX_DATE, /* "YYYY-MM-DD" → Excel date shown yyyy-mm-dd; "" / NULL → blank */
    XLSX_INT   /* decimal integer → number; "" / NULL → blank */
};

struct xlsx_column {
    const char *field; /* PGresult column name (xlsx_add_result) */
    const char *title; /* header cell */
    enum xlsx_kind kind;
    double width;      /* column width in characters; 0 = default */
};

/* Excel's limit on data rows (1 048 576 rows less the header). */
#define XLSX_MAX_ROWS 1048575

struct xlsx_writer;

/* Starts a workbook with one sheet titled sheet_title (characters Excel forbids in a sheet
 * name are replaced; an unusable title falls back to "Sheet1"). cols must stay valid until
 * xlsx_finish. NULL on error (logged). */
struct xlsx_writer *xlsx_begin(const char *sheet_title, const struct xlsx_column *cols, int ncols);
/* One row: values[i] for cols[i]; NULL is a blank cell. 0 or -1. */
int xlsx_add_row(struct xlsx_writer *w, const char *const *values);
/* Every row of res, each column taken by its field name (a missing field is an error;
 * SQL NULL is a blank cell). 0 or -1. */
int xlsx_add_result(struct xlsx_writer *w, const PGresult *res);
/* Number of data rows added so far. */
long xlsx_rows(const struct xlsx_writer *w);
/* Closes the workbook and returns its bytes in *out (malloc'd, caller frees) and *len.
 * Frees w in every case. 0 or -1 (then *out is NULL). */
int xlsx_finish(struct xlsx_writer *w, unsigned char **out, size_t *len);
/* Drops a writer without producing a workbook (NULL is fine). */
void xlsx_abort(struct xlsx_writer *w);

/* The whole export from one result: begin, add_result, finish. 0 or -1. */
int xlsx_from_result(const char *sheet_title, const struct xlsx_column *cols, int ncols,
                     const PGresult *res, unsigned char **out, size_t *len);

/* An import template: the header row (required columns filled in colour), column
 * formats (XLSX_TEXT columns are text, so codes typed in stay text), a drop-down list
 * on the first max_rows data rows of every column with choices, and a second sheet
 * "填写说明" with one note per row. */
struct xlsx_template_column {
    const char *title;
    int required;
    enum xlsx_kind kind;
    double width;
    const char *const *choices;   /* NULL-terminated, or NULL */
};
int xlsx_template(const char *sheet_title, const struct xlsx_template_column *cols, int ncols,
                  const char *const *notes, long max_rows, unsigned char **out, size_t *len);

#define XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#endif
