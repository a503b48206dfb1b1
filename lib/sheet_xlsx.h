/* sheet_xlsx.h — internal to the xlsx reader (lib/sheet_xlsx.c, lib/sheet_xlsx_rows.c):
 * parts of the archive streamed into libxml2's reader, with the inflate budget. */
#ifndef TEJIAN_SHEET_XLSX_H
#define TEJIAN_SHEET_XLSX_H

#include <libxml/xmlreader.h>
#include <zip.h>

#include "sheet_internal.h"

#define MAX_PATH 512
#define MAX_RELS 4096

struct xz { /* the archive and its inflate budget */
    zip_t *za;
    size_t used, budget;
    char *err;
    size_t errlen;
};

/* States of the byte scan in sheet_xlsx.c: the prolog, then the body (PR_DONE on). */
enum prolog { PR_START, PR_WS, PR_LT, PR_PI, PR_PI_Q, PR_BANG, PR_BANG_D, PR_COM, PR_COM_D1, PR_COM_D2,
              PR_DONE, BD_LT, BD_TAG, BD_QUOT, BD_APOS, BD_BANG, BD_CDATA, BD_CD1, BD_CD2 };

struct part { /* one part streamed into libxml2 */
    struct xz *z;
    const char *name;
    zip_file_t *zf;
    xmlTextReaderPtr r;
    enum prolog pr;
    size_t pr_pos;
    size_t declared, inflated; /* the part's size in the zip headers (SIZE_MAX: none), bytes read */
    int bomb, doctype, badstart, ioerr, junk, attrs;
    int type;          /* of the current node (XML_READER_TYPE_*) */
    const char *local; /* its local name for elements and end tags, else "" */
};

/* Opens the part name. Returns 1, 0 when the archive has no such part, -1 with err set. */
int part_open(struct xz *z, const char *name, struct part *p);
/* The next node: 1, 0 at the end of the part, -1 with err set. */
int part_next(struct part *p);
/* Writes the message for a failed part (the first cause found) and returns -1. */
int part_fail(struct part *p);
void part_close(struct part *p);
/* The current node is the start (end) of an element with this local name. */
int is_start(struct part *p, const char *local);
int is_end(struct part *p, const char *local);

/* Attribute iteration over the current element; leaves the reader on the element. */
#define FOR_ATTRS(rd) for (int ok_ = xmlTextReaderMoveToFirstAttribute(rd); ok_ == 1 || \
    (xmlTextReaderMoveToElement(rd), 0); ok_ = xmlTextReaderMoveToNextAttribute(rd))
#define ATTR_IS(rd, local) (!strcmp((const char *)xmlTextReaderConstLocalName(rd), local) && \
    !xmlTextReaderConstNamespaceUri(rd))
#define ATTR_VAL(rd) ((const char *)xmlTextReaderConstValue(rd))

/* Grows *v (elements of size elem, capacity *cap) to hold n + 1. Returns 0 or -1. */
int sheet_grow(void *v, int *cap, int n, size_t elem);

/* Shared strings: NUL-terminated texts in one arena. */
struct sst {
    char *text;
    size_t len, cap;
    size_t *off;
    int n, ncap;
};
int sst_read(struct xz *z, const char *name, struct sst *sst);
void sst_free(struct sst *sst);

struct styles {
    unsigned char *xf_date; /* [nxf]: cell format i shows a date */
    int nxf;
};

/* Streams the rows of the worksheet part name to fn. Returns 0, fn's value, or -1. */
int rows_read(struct xz *z, const char *name, const struct sst *sst, const struct styles *st,
              int date1904, const struct sheet_lim *lim, sheet_row_fn fn, void *ctx);

#endif
