/* bench/sheet_read.c — time and peak memory of sheet_read() on .xlsx and CSV files of
 * N rows x 12 columns like the elevator import's (codes as text, a date, numbers, Chinese
 * text), written with libxlsxwriter. See bench/README.md.
 *
 *   build/bench/sheet_read [ROWS...]      default: 10000 100000
 *
 * Per size: the file size; the median CPU time of 5 reads (the machine is shared, so wall
 * time also counts waiting for a core) and the wall times; the peak RSS during the first
 * read — VmHWM reset through /proc/self/clear_refs just before it, the file already in
 * memory, written by a child process so the writer's heap is not counted — and that
 * peak minus the RSS just before the read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "sheet_read.h"
#include "util.h"

static int count_row(void *ctx, long row_no, const struct sheet_cell *c, int n)
{
    (*(long *)ctx)++;
    return n == 12 ? 0 : 1;
}

static long vm_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t fl = strlen(field);

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, field, fl) && line[fl] == ':')
            v = strtol(line + fl + 1, NULL, 10);
    fclose(f);
    return v;
}

static void reset_peak(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f) {
        fputs("5", f);
        fclose(f);
    }
}

static int write_xlsx(const char *path, long n)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws;
    lxw_format *date;
    char cell[64];

    if (!wb)
        return -1;
    ws = workbook_add_worksheet(wb, NULL);
    date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    for (long r = 0; r < n; r++) {
        lxw_row_t row = (lxw_row_t)r;
        lxw_datetime dt = {2020 + (int)(r % 5), 1 + (int)(r % 12), 1 + (int)(r % 28), 0, 0, 0};
        snprintf(cell, sizeof cell, "3110440300%010ld", r);
        worksheet_write_string(ws, row, 0, cell, NULL);
        snprintf(cell, sizeof cell, "DT-%ld", r);
        worksheet_write_string(ws, row, 1, cell, NULL);
        snprintf(cell, sizeof cell, "深圳市第%ld物业管理有限公司", r % 500);
        worksheet_write_string(ws, row, 2, cell, NULL);
        worksheet_write_string(ws, row, 3, "曳引驱动乘客电梯", NULL);
        worksheet_write_datetime(ws, row, 4, &dt, date);
        worksheet_write_number(ws, row, 5, (double)(r % 40), NULL);
        worksheet_write_number(ws, row, 6, 1000, NULL);
        worksheet_write_number(ws, row, 7, 1.75, NULL);
        snprintf(cell, sizeof cell, "138%08ld", r);
        worksheet_write_string(ws, row, 8, cell, NULL);
        snprintf(cell, sizeof cell, "南山区科技园%ld栋", r % 300);
        worksheet_write_string(ws, row, 9, cell, NULL);
        worksheet_write_number(ws, row, 10, (double)r, NULL);
        worksheet_write_string(ws, row, 11, r % 2 ? "在用" : "停用", NULL);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

static int write_csv(const char *path, long n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (long r = 0; r < n; r++)
        fprintf(f, "3110440300%010ld,DT-%ld,深圳市第%ld物业管理有限公司,曳引驱动乘客电梯,%04d-%02d-%02d,%ld,1000,1.75,"
                   "138%08ld,\"南山区科技园%ld栋\",%ld,%s\r\n",
                r, r, r % 500, 2020 + (int)(r % 5), 1 + (int)(r % 12), 1 + (int)(r % 28), r % 40,
                r, r % 300, r, r % 2 ? "在用" : "停用");
    return fclose(f) == 0 ? 0 : -1;
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int measure(const char *kind, const char *path, long n)
{
    struct sheet_limits lim = {64u << 20, 0, 1000000, 0};
    char *data, err[256];
    size_t len;
    double ms[5], cpu[5];
    long rows, peak = -1, before = -1;

    if (read_file(path, &data, &len) < 0) {
        perror(path);
        return -1;
    }
    for (int i = 0; i < 5; i++) {
        double t0, c0;
        int rc;
        rows = 0;
        if (i == 0) {
            reset_peak();
            before = vm_kib("VmRSS");
        }
        t0 = now_monotonic();
        c0 = cpu_seconds();
        rc = sheet_read((unsigned char *)data, len, &lim, count_row, &rows, err, sizeof err);
        ms[i] = (now_monotonic() - t0) * 1000;
        cpu[i] = (cpu_seconds() - c0) * 1000;
        if (i == 0)
            peak = vm_kib("VmHWM");
        if (rc != 0 || rows != n) {
            fprintf(stderr, "%s %ld: rc %d, %ld rows: %s\n", kind, n, rc, rows, err);
            free(data);
            return -1;
        }
    }
    qsort(ms, 5, sizeof ms[0], cmp_double);
    qsort(cpu, 5, sizeof cpu[0], cmp_double);
    printf("| %s | %ld | %.1f MiB | %.0f ms | %.0f ms | %.0f–%.0f ms | %.1f MiB | +%.1f MiB |\n", kind, n,
           len / 1048576.0, cpu[2], ms[2], ms[0], ms[4], peak / 1024.0, (peak - before) / 1024.0);
    fflush(stdout);
    free(data);
    return 0;
}

/* Writes the file in a child process, so the writer's heap never inflates the RSS of
 * this one, which then measures. */
static int write_then_measure(const char *kind, const char *path, long n)
{
    int status;
    pid_t pid;

    fflush(stdout);
    if ((pid = fork()) < 0)
        return -1;
    if (pid == 0)
        _exit((strcmp(kind, "xlsx") ? write_csv(path, n) : write_xlsx(path, n)) == 0 ? 0 : 1);
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return measure(kind, path, n);
}

int main(int argc, char **argv)
{
    long sizes[8] = {10000, 100000};
    int nsizes = 2, rc = 0;
    char dir[] = "/tmp/bench-sheet.XXXXXX", path[256];

    if (argc > 1) {
        nsizes = 0;
        for (int i = 1; i < argc && nsizes < 8; i++)
            sizes[nsizes++] = strtol(argv[i], NULL, 10);
    }
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    printf("| format | rows x 12 cols | file | CPU, median of 5 | wall, median | wall min–max | peak RSS | read's own |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < nsizes && rc == 0; i++) {
        snprintf(path, sizeof path, "%s/rows.xlsx", dir);
        rc = write_then_measure("xlsx", path, sizes[i]);
        unlink(path);
        snprintf(path, sizeof path, "%s/rows.csv", dir);
        if (rc == 0)
            rc = write_then_measure("csv", path, sizes[i]);
        unlink(path);
    }
    rmdir(dir);
    return rc ? 1 : 0;
}
