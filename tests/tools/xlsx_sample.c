/* xlsx_sample — writes the workbook tests/xlsx-readback-test.sh reads back with openpyxl.
 *   xlsx_sample OUT.xlsx            the sample rows (two PGresult chunks and a plain row)
 *   xlsx_sample OUT.xlsx --rows N   N generated rows, added in chunks of 1000 (scale) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "xlsx.h"

static const struct xlsx_column cols[] = {
    {"reg_code", "注册代码", XLSX_TEXT, 24},
    {"credit_code", "统一社会信用代码", XLSX_TEXT, 22},
    {"org_name", "使用单位", XLSX_TEXT, 30},
    {"next_date", "下次检验日期", XLSX_DATE, 14},
    {"floors", "层站数", XLSX_INT, 8},
    {"phone", "联系电话", XLSX_TEXT, 14},
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

/* A PGresult without a server: the columns above (in another order, as a query might
 * return them), one row per values[r][NCOLS] (NULL = SQL NULL). */
static PGresult *make_result(const char *const (*values)[NCOLS], int nrows)
{
    static const int order[NCOLS] = {5, 0, 3, 1, 4, 2};
    PGresAttDesc att[NCOLS];
    PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);

    if (!res)
        return NULL;
    memset(att, 0, sizeof att);
    for (int i = 0; i < NCOLS; i++)
        att[i].name = (char *)cols[order[i]].field;
    if (!PQsetResultAttrs(res, NCOLS, att))
        goto fail;
    for (int r = 0; r < nrows; r++)
        for (int i = 0; i < NCOLS; i++) {
            const char *v = values[r][order[i]];
            if (!PQsetvalue(res, r, i, (char *)v, v ? (int)strlen(v) : -1))
                goto fail;
        }
    return res;
fail:
    PQclear(res);
    return NULL;
}

static int write_file(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int rc = -1;

    if (!f)
        return -1;
    if (fwrite(data, 1, len, f) == len)
        rc = 0;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

int main(int argc, char **argv)
{
    static const char *const chunk1[][NCOLS] = {
        {"33020112345678901234", "91120101MA05T8XK1L", "天津市河西区特种设备使用单位（测试）",
         "2025-03-01", "12", "13800138000"},
        {"00012345678901234567", "911201010000000000", "<script>&\"'", "", NULL, "02283456789"},
    };
    static const char *const chunk2[][NCOLS] = {
        {"3302011234567890123X", "12330200MB1234567Q", "宁波市场（厂）内专用机动车辆", "2024-02-29",
         "-3", "0574-87654321"},
    };
    static const char *const plain[NCOLS] = {"12345", "1", "控制\x01字符", "not a date",
                                             "12x", NULL};
    struct xlsx_writer *w = NULL;
    PGresult *r1 = NULL, *r2 = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = 1;

    if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--rows") == 0)) {
        fprintf(stderr, "usage: %s OUT.xlsx [--rows N]\n", argv[0]);
        return 2;
    }
    w = xlsx_begin("设备清单", cols, NCOLS);
    if (!w)
        goto out;
    if (argc == 4) {
        long n = strtol(argv[3], NULL, 10);
        char code[32], date[16], floors[16];
        const char *row[NCOLS] = {code, "91120101MA05T8XK1L", "天津市某电梯使用单位", date,
                                  floors, "13800138000"};
        for (long i = 0; i < n; i++) {
            snprintf(code, sizeof code, "3302%016ld", i);
            snprintf(date, sizeof date, "20%02ld-%02ld-%02ld", 20 + i % 10, 1 + i % 12, 1 + i % 28);
            snprintf(floors, sizeof floors, "%ld", i % 40);
            if (xlsx_add_row(w, row) != 0)
                goto out;
        }
    } else {
        r1 = make_result(chunk1, 2);
        r2 = make_result(chunk2, 1);
        if (!r1 || !r2 || xlsx_add_result(w, r1) != 0 || xlsx_add_result(w, r2) != 0 ||
            xlsx_add_row(w, plain) != 0)
            goto out;
    }
    rc = xlsx_finish(w, &data, &len) == 0 && write_file(argv[1], data, len) == 0 ? 0 : 1;
    w = NULL;
out:
    xlsx_abort(w);
    PQclear(r1);
    PQclear(r2);
    free(data);
    return rc;
}
