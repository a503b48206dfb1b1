/* fuzz_sheet_read.c — libFuzzer target for the spreadsheet import reader (lib/sheet_*.c).
 *
 * Byte 0 picks the mode:
 *   even: the rest is the upload as is (zip → xlsx reader, anything else → CSV reader);
 *   odd:  the rest is split at NUL bytes into the parts of an .xlsx — worksheet, shared
 *         strings, styles, workbook, workbook relationships (missing or empty ones get a
 *         working default, except the worksheet) — zipped uncompressed with libzip, so
 *         mutations reach the XML handling instead of dying in inflate or the CRC.
 * Besides memory safety and leaks (ASan, UBSan, LeakSanitizer), every row handed to the
 * callback is checked against the contract in sheet_read.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sheet_read.h"
#include "sheet_zip.h"

#define MAX_COLS 32

struct seen {
    long last_row;
};

static int check_row(void *ctx, long row_no, const struct sheet_cell *cells, int ncells)
{
    struct seen *s = ctx;

    if (row_no <= s->last_row || row_no < 1 || ncells < 1 || ncells > MAX_COLS)
        abort();
    s->last_row = row_no;
    if (cells[ncells - 1].type == SHEET_EMPTY)
        abort();
    for (int i = 0; i < ncells; i++) {
        const struct sheet_cell *c = &cells[i];
        size_t n;
        if (!c->text || (unsigned)c->type > SHEET_ERROR)
            abort();
        n = strlen(c->text); /* ASan: NUL-terminated inside its buffer */
        if ((c->type == SHEET_EMPTY) != (n == 0))
            abort();
        if (c->type == SHEET_DATE && (n != 10 || c->text[4] != '-' || c->text[7] != '-'))
            abort();
        if (c->type == SHEET_BOOL && strcmp(c->text, "TRUE") && strcmp(c->text, "FALSE"))
            abort();
    }
    return 0;
}

static void read_and_check(const unsigned char *data, size_t len)
{
    struct sheet_limits lim = {1u << 20, 1u << 20, 2000, MAX_COLS};
    struct seen s = {0};
    char err[256];
    int rc;

    memset(err, 'x', sizeof err);
    rc = sheet_read(data, len, &lim, check_row, &s, err, sizeof err);
    if (rc != 0 && rc != -1)
        abort();
    if (!memchr(err, '\0', sizeof err) || (rc == -1 && err[0] == '\0'))
        abort(); /* a failure always says why */
}

static const char *part_or(const char *seg, size_t n, const char *dflt, size_t *len)
{
    if (seg && n) {
        *len = n;
        return seg;
    }
    *len = strlen(dflt);
    return dflt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *seg[5] = {0};
    size_t seglen[5] = {0};
    struct zpart parts[8];
    size_t zlen, n = 0;
    unsigned char *z, *copy;
    int k = 0;

    if (size < 1)
        return 0;
    if (!(data[0] & 1)) {
        /* exact-size heap copy: ASan catches overreads */
        if (!(copy = malloc(size - 1 ? size - 1 : 1)))
            return 0;
        memcpy(copy, data + 1, size - 1);
        read_and_check(copy, size - 1);
        free(copy);
        return 0;
    }
    {
        const char *p = (const char *)data + 1, *end = (const char *)data + size;
        for (k = 0; k < 5 && p <= end; k++) {
            const char *nul = memchr(p, '\0', (size_t)(end - p));
            seg[k] = p;
            seglen[k] = nul ? (size_t)(nul - p) : (size_t)(end - p);
            p += seglen[k] + 1;
        }
    }
    parts[n++] = (struct zpart){"[Content_Types].xml", ZIP_CONTENT_TYPES, strlen(ZIP_CONTENT_TYPES), 0};
    parts[n++] = (struct zpart){"_rels/.rels", ZIP_ROOT_RELS, strlen(ZIP_ROOT_RELS), 0};
    parts[n].name = "xl/workbook.xml";
    parts[n].data = part_or(seg[3], seglen[3], ZIP_WORKBOOK, &parts[n].len);
    parts[n++].deflate = 0;
    parts[n].name = "xl/_rels/workbook.xml.rels";
    parts[n].data = part_or(seg[4], seglen[4], ZIP_WORKBOOK_RELS, &parts[n].len);
    parts[n++].deflate = 0;
    if (seg[0])
        parts[n++] = (struct zpart){"xl/worksheets/sheet1.xml", seg[0], seglen[0], 0};
    if (seg[1] && seglen[1])
        parts[n++] = (struct zpart){"xl/sharedStrings.xml", seg[1], seglen[1], 0};
    if (seg[2] && seglen[2])
        parts[n++] = (struct zpart){"xl/styles.xml", seg[2], seglen[2], 0};
    if (!(z = zip_build(parts, (int)n, &zlen, NULL)))
        return 0;
    read_and_check(z, zlen);
    free(z);
    return 0;
}
