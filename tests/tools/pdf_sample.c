/* pdf_sample — writes the PDFs tests/pdf-test.sh reads back with poppler, and times them.
 *   pdf_sample letter OUT.pdf     the commitment letter (pdf_commitment_letter)
 *   pdf_sample sample OUT.pdf     a generic document over several pages: title, paragraphs,
 *                                 pre-filled fields, a table that breaks with its header
 *                                 repeated, page numbers, metadata
 *   pdf_sample bench N            N commitment letters in memory; prints the time per
 *                                 document, the size and the process's peak RSS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "pdf.h"

static int write_file(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

static int sample(unsigned char **out, size_t *len)
{
    static const struct pdf_column cols[] = {
        {"序号", 14, PDF_ALIGN_CENTER},
        {"设备注册代码", 58, PDF_ALIGN_LEFT},
        {"设备名称", 0, PDF_ALIGN_LEFT},
        {"下次检验日期", 30, PDF_ALIGN_CENTER},
    };
    enum { ROWS = 60 };
    static char num[ROWS][8], code[ROWS][24];
    const char *cells[ROWS * 4];
    const struct pdf_field who[] = {
        {"使用单位：", "天津市河西区特种设备使用单位（测试）<&>", 80},
        {"联系电话：", "022-83456789", 40},
    };
    struct pdf_doc *d = pdf_new(&(struct pdf_meta){
        .title = "检验样例文件",
        .author = "天津市特种设备监督检验技术研究院",
        .subject = "pdf_sample",
        .created = 1767225600, /* 2026-01-01 00:00 UTC */
        .page_numbers = 1,
    });
    if (!d)
        return -1;
    for (int r = 0; r < ROWS; r++) {
        snprintf(num[r], sizeof num[r], "%d", r + 1);
        snprintf(code[r], sizeof code[r], "3120120101%010d", 2024000 + r);
        cells[r * 4] = num[r];
        cells[r * 4 + 1] = code[r];
        cells[r * 4 + 2] = r % 7 == 3 ? "曳引驱动乘客电梯（观光梯，含轿厢意外移动保护装置）"
                                      : "曳引驱动乘客电梯";
        cells[r * 4 + 3] = "2026-06-30";
    }
    pdf_title(d, "检验样例文件");
    pdf_fields(d, NULL, who, 2);
    pdf_paragraph(d, NULL,
                  "本文件用于检验文档生成库：中文段落自动换行，两端对齐，首行缩进两字；"
                  "English words and numbers 1234567890 mixed in; 标点符号“引号”、（括号）、"
                  "《书名号》和顿号、分号；句号。XML specials < & > \" ' stay text.");
    pdf_table(d, &(struct pdf_table){.cols = cols, .ncols = 4, .cells = cells, .nrows = ROWS,
                                     .space_after = 3});
    pdf_paragraph(d, NULL, "表格跨页时表头在新页重复。以上设备均已登记。");
    return pdf_finish(d, out, len);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

int main(int argc, char **argv)
{
    unsigned char *pdf = NULL;
    size_t len = 0;
    int rc;

    if (argc == 3 && strcmp(argv[1], "bench") == 0) {
        int n = atoi(argv[2]);
        struct timespec t0, t1, t2;
        size_t size = 0;
        if (n < 1)
            return 2;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < n; i++) {
            if (pdf_commitment_letter(&pdf, &len) < 0)
                return 1;
            size = len;
            free(pdf);
            if (i == 0)
                clock_gettime(CLOCK_MONOTONIC, &t1);
        }
        clock_gettime(CLOCK_MONOTONIC, &t2);
        printf("first document %.1f ms (fonts loaded), then %.2f ms per document over %d; "
               "%zu bytes; peak RSS %ld KiB\n",
               (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
               n > 1 ? ((double)(t2.tv_sec - t1.tv_sec) * 1e3 +
                        (double)(t2.tv_nsec - t1.tv_nsec) / 1e6) / (n - 1)
                     : 0.0,
               n - 1, size, peak_rss_kb());
        return 0;
    }
    if (argc != 3 || (strcmp(argv[1], "letter") != 0 && strcmp(argv[1], "sample") != 0)) {
        fprintf(stderr, "usage: pdf_sample letter|sample OUT.pdf | pdf_sample bench N\n");
        return 2;
    }
    rc = strcmp(argv[1], "letter") == 0 ? pdf_commitment_letter(&pdf, &len) : sample(&pdf, &len);
    if (rc < 0)
        return 1;
    rc = write_file(argv[2], pdf, len);
    free(pdf);
    return rc < 0 ? 1 : 0;
}
