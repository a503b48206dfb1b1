/* sheet_read.c — uploaded spreadsheets (.xlsx or CSV) read row by row (see sheet_read.h).
 * First cut: the interface compiles; the readers follow. */
#include <stdio.h>
#include <string.h>

#include "sheet_read.h"

enum sheet_format sheet_detect(const unsigned char *data, size_t len)
{
    if (len >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4)
        return SHEET_XLSX;
    return SHEET_CSV;
}

int sheet_read(const unsigned char *data, size_t len, const struct sheet_limits *lim,
               sheet_row_fn fn, void *ctx, char *err, size_t errlen)
{
    (void)data; (void)len; (void)lim; (void)fn; (void)ctx;
    if (err && errlen)
        snprintf(err, errlen, "%s", "暂不支持读取表格文件");
    return -1;
}
