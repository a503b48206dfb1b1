/* lib/sheet_read.h — uploaded spreadsheets (.xlsx or CSV) read row by row. */
#ifndef TEJIAN_SHEET_READ_H
#define TEJIAN_SHEET_READ_H

#include <stddef.h>

enum sheet_cell_type {
    SHEET_EMPTY = 0,
    SHEET_STRING,   /* shared, inline or formula string result; text as stored */
    SHEET_NUMBER,   /* text = the number as written in the file ("411423199001011234" or
                       "4.11423E+17" when Excel made it a number) */
    SHEET_DATE,     /* a number cell whose style is a date format: text = "YYYY-MM-DD"
                       (time part dropped; 1900 leap-year bug and 1904 base handled) */
    SHEET_BOOL,     /* text "TRUE" / "FALSE" */
    SHEET_ERROR     /* "#N/A" etc. */
};

struct sheet_cell {
    enum sheet_cell_type type;
    const char *text;   /* UTF-8, NUL-terminated, never NULL ("" when empty); valid only
                           during the callback */
};

struct sheet_limits {
    size_t max_bytes;         /* upload size; 0 = 20 MiB */
    size_t max_uncompressed;  /* sum of uncompressed parts read from the zip; 0 = 100 MiB */
    long max_rows;            /* 0 = 100 000 */
    int max_cols;             /* 0 = 64 */
};

/* Called once per row of the first worksheet (xlsx) or per record (CSV), in order,
 * including the header row; row_no is the 1-based sheet row number (gaps in the sheet
 * are passed as rows with ncells = 0 only if they are inside the used range — or simply
 * skipped; either way row_no is the real one, so error messages can name it). cells[i]
 * is column i (A = 0); trailing empty cells may be omitted (ncells is the last non-empty
 * column + 1). Return 0 to go on, non-zero to stop (sheet_read then returns that value). */
typedef int (*sheet_row_fn)(void *ctx, long row_no, const struct sheet_cell *cells, int ncells);

enum sheet_format { SHEET_XLSX, SHEET_CSV };

/* Detects the format from the bytes (zip signature = xlsx; otherwise CSV: UTF-8 with or
 * without BOM, else GB18030 converted with iconv; comma separated, RFC 4180 quoting) and
 * reads it. Returns 0 on success, the callback's non-zero value if it stopped, or -1 on
 * a bad file with a Chinese message in err (e.g. "文件不是有效的 Excel 文件（.xlsx）",
 * "文件解压后过大，已拒绝", "第 12 行：…", "文件行数超过 100000 行"). */
int sheet_read(const unsigned char *data, size_t len, const struct sheet_limits *lim,
               sheet_row_fn fn, void *ctx, char *err, size_t errlen);
/* The detected format of data (for messages). */
enum sheet_format sheet_detect(const unsigned char *data, size_t len);

/* Notes on the behaviour (lib/sheet_read.c, docs/ARCHITECTURE.md "Spreadsheet import"):
 * - Rows without any value are skipped (never passed with ncells = 0); a cell holding
 *   "" is SHEET_EMPTY.
 * - A date-formatted number that is no calendar date (serial 60 = Excel's 1900-02-29,
 *   before the epoch, after 9999) is passed as SHEET_NUMBER.
 * - Text is passed as stored: no trimming of strings (numbers are trimmed).
 * - err is "" when the callback stopped the read. */

#endif
