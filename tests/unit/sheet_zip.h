/* sheet_zip.h — in-memory zip archives written with libzip, for the spreadsheet reader's
 * unit test and fuzz target (hand-made .xlsx parts, zip bombs). Header-only, static. */
#ifndef TEJIAN_TEST_SHEET_ZIP_H
#define TEJIAN_TEST_SHEET_ZIP_H

#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct zpart {
    const char *name;
    const void *data; /* NULL: the streamed part (struct zstream) */
    size_t len;
    int deflate;
};

/* A streamed part of len bytes: head then pattern repeated, or zeros when pattern is
 * NULL (a zip bomb's part is never held in memory). */
struct zstream {
    zip_uint64_t len, pos;
    const char *head, *pattern;
};

static zip_int64_t stream_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct zstream *z = ud;

    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        z->pos = 0;
        return 0;
    case ZIP_SOURCE_READ:
        if (len > z->len - z->pos)
            len = z->len - z->pos;
        if (!z->pattern) {
            memset(data, 0, (size_t)len);
        } else {
            size_t hl = z->head ? strlen(z->head) : 0, pl = strlen(z->pattern);
            zip_uint64_t i = 0, at = z->pos;
            for (; i < len && at < hl; i++, at++)
                ((char *)data)[i] = z->head[at];
            while (i < len) { /* whole patterns where they fit, in phase */
                size_t ph = (size_t)((at - hl) % pl), k = pl - ph;
                if (k > len - i)
                    k = (size_t)(len - i);
                memcpy((char *)data + i, z->pattern + ph, k);
                i += k, at += k;
            }
        }
        z->pos += len;
        return (zip_int64_t)len;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->size = z->len;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof *st;
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_ERROR:
        return 2 * sizeof(int);
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
        return -1;
    }
}

/* Writes the parts into a malloc'd zip; returns it (length in *outlen) or NULL. */
static unsigned char *zip_build(const struct zpart *parts, int n, size_t *outlen,
                                struct zstream *stream)
{
    zip_error_t ze;
    zip_source_t *mem, *s;
    zip_t *za;
    zip_stat_t st;
    unsigned char *out = NULL;

    zip_error_init(&ze);
    if (!(mem = zip_source_buffer_create(NULL, 0, 0, &ze)))
        return NULL;
    if (!(za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze))) {
        zip_source_free(mem);
        return NULL;
    }
    zip_source_keep(mem);
    for (int i = 0; i < n; i++) {
        zip_int64_t idx;
        s = parts[i].data ? zip_source_buffer(za, parts[i].data, parts[i].len, 0)
                          : stream ? zip_source_function(za, stream_cb, stream) : NULL;
        if (!s || (idx = zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8)) < 0) {
            zip_source_free(s);
            zip_discard(za);
            goto out;
        }
        zip_set_file_compression(za, (zip_uint64_t)idx, parts[i].deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    }
    if (zip_close(za) < 0) {
        zip_discard(za);
        goto out;
    }
    zip_stat_init(&st);
    if (zip_source_stat(mem, &st) < 0 || zip_source_open(mem) < 0)
        goto out;
    if ((out = malloc(st.size ? st.size : 1)) &&
        zip_source_read(mem, out, st.size) != (zip_int64_t)st.size) {
        free(out);
        out = NULL;
    }
    zip_source_close(mem);
    *outlen = st.size;
out:
    zip_source_free(mem);
    return out;
}

/* The parts of a minimal workbook with one sheet; the caller adds the worksheet
 * (xl/worksheets/sheet1.xml) and optional shared strings / styles. */
#define ZIP_CONTENT_TYPES \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" \
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
#define ZIP_ROOT_RELS \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>" \
    "</Relationships>"
#define ZIP_WORKBOOK \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" \
    "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define ZIP_WORKBOOK_RELS \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" \
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>" \
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>" \
    "</Relationships>"

#endif
