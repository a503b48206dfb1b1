/* sheet_xlsx.c — the first worksheet of an .xlsx read row by row (see sheet_read.h).
 *
 * The upload is opened in memory with libzip; each part is inflated by zip_fread straight
 * into libxml2's streaming reader (xmlReaderForIO), so no part is ever held whole: a
 * 100 000-row sheet costs its shared strings plus one row. Every byte inflated is counted
 * against max_uncompressed as it is read, so a zip bomb stops at the cap. The sizes in the
 * zip headers are not trusted, only held against the part: announced over the cap, it is
 * refused before inflating; inflating past what they announced, it is refused then (a
 * lying header; libzip itself would only notice at the end of the part).
 *
 * XML safety: no DTD loading, no entity substitution, no network; on top of that the
 * prolog of every part is scanned before libxml2 sees it and any <!DOCTYPE (or other
 * markup declaration) is refused, so XXE and billion-laughs never reach the parser. The
 * document is always decoded as UTF-8 (XML_PARSE_IGNORE_ENC), so the scan sees what the
 * parser sees.
 *
 * Parts, found the way Excel does: _rels/.rels → workbook; its .rels → the first <sheet>
 * whose relationship is a worksheet, the shared strings and the styles (with the usual
 * names as fallback when a relationship is missing). */
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "sheet_internal.h"
#include "sheet_xlsx.h"

/* Scans the bytes of a part on their way to libxml2. The prolog (BOM, whitespace,
 * <?...?> and <!--...--> until the first element, at most 64 KiB) must not hold a
 * markup declaration (doctype) and must start like XML (badstart). After it:
 * - comments and processing instructions are counted (junk): libxml2's reader keeps
 *   such nodes until their parent element ends, so millions of them inside <sheetData>
 *   would be a memory bomb (25 times their size); Office writes none;
 * - attributes per tag are counted: libxml2 2.9 checks duplicates pairwise, so one tag
 *   with 300 000 attributes would take hours; Office writes under 20;
 * - "<!" other than a comment or CDATA is a declaration again.
 * Returns -1 to stop the read. */
#define MAX_PROLOG 65536
#define MAX_JUNK 1000
#define MAX_ATTRS 64

static int scan(struct part *p, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned c = b[i];
        if (p->pr < PR_DONE && ++p->pr_pos > MAX_PROLOG)
            return p->badstart = 1, -1;
        switch (p->pr) {
        case PR_START:
            if (p->pr_pos <= 3 && c == (unsigned char)"\xEF\xBB\xBF"[p->pr_pos - 1])
                break;
            p->pr = PR_WS;
            /* fall through */
        case PR_WS:
            if (c == '<')
                p->pr = PR_LT;
            else if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                return p->badstart = 1, -1;
            break;
        case PR_LT:
            p->pr = c == '?' ? PR_PI : c == '!' ? PR_BANG : BD_TAG;
            p->attrs = 0;
            break;
        case PR_PI:
            if (c == '?')
                p->pr = PR_PI_Q;
            break;
        case PR_PI_Q:
            p->pr = c == '>' ? PR_WS : c == '?' ? PR_PI_Q : PR_PI;
            break;
        case PR_BANG:
            if (c != '-')
                return p->doctype = 1, -1;
            p->pr = PR_BANG_D;
            break;
        case PR_BANG_D:
            if (c != '-')
                return p->doctype = 1, -1;
            p->pr = PR_COM;
            break;
        case PR_COM:
            if (c == '-')
                p->pr = PR_COM_D1;
            break;
        case PR_COM_D1:
            p->pr = c == '-' ? PR_COM_D2 : PR_COM;
            break;
        case PR_COM_D2:
            p->pr = c == '>' ? PR_WS : c == '-' ? PR_COM_D2 : PR_COM;
            break;
        case PR_DONE: { /* the body: jump to the next '<' */
            const unsigned char *lt = memchr(b + i, '<', n - i);
            if (!lt)
                return 0;
            i = (size_t)(lt - b);
            p->pr = BD_LT;
            break;
        }
        case BD_LT:
            p->pr = c == '!' ? BD_BANG : c == '?' ? PR_DONE : BD_TAG;
            p->attrs = 0;
            if (c == '?' && ++p->junk > MAX_JUNK)
                return -1;
            break;
        case BD_TAG: /* inside a tag: quotes, '=' and '>' matter */
            while (i < n && b[i] != '"' && b[i] != '\'' && b[i] != '=' && b[i] != '>')
                i++;
            if (i == n)
                return 0;
            if (b[i] == '>')
                p->pr = PR_DONE;
            else if (b[i] == '=' && ++p->attrs > MAX_ATTRS)
                return -1;
            else if (b[i] != '=')
                p->pr = b[i] == '"' ? BD_QUOT : BD_APOS;
            break;
        case BD_QUOT:
        case BD_APOS: {
            const unsigned char *q = memchr(b + i, p->pr == BD_QUOT ? '"' : '\'', n - i);
            if (!q)
                return 0;
            i = (size_t)(q - b);
            p->pr = BD_TAG;
            break;
        }
        case BD_BANG:
            if (c == '[') {
                p->pr = BD_CDATA;
            } else if (c == '-') {
                p->pr = PR_DONE;
                if (++p->junk > MAX_JUNK)
                    return -1;
            } else {
                return p->doctype = 1, -1;
            }
            break;
        case BD_CDATA:
            if (c == ']')
                p->pr = BD_CD1;
            break;
        case BD_CD1:
            p->pr = c == ']' ? BD_CD2 : BD_CDATA;
            break;
        case BD_CD2:
            p->pr = c == '>' ? PR_DONE : c == ']' ? BD_CD2 : BD_CDATA;
            break;
        }
    }
    return 0;
}

static int part_io_read(void *ctx, char *buf, int len)
{
    struct part *p = ctx;
    zip_int64_t n;

    if (len <= 0)
        return 0;
    n = zip_fread(p->zf, buf, (zip_uint64_t)len);
    if (n < 0)
        return p->ioerr = 1, -1;
    if ((size_t)n > p->z->budget - p->z->used)
        return p->bomb = 1, -1;
    p->z->used += (size_t)n;
    p->inflated += (size_t)n;
    /* More than the headers announced: they lie (libzip would only notice at the end). */
    if (p->inflated > p->declared)
        return p->bomb = 1, -1;
    if (scan(p, (const unsigned char *)buf, (size_t)n) < 0)
        return -1;
    return (int)n;
}

static int part_io_close(void *ctx) { return 0; }

static void xml_silent(void *arg, xmlErrorPtr e) {}

/* Writes the message for a failed part (the first cause found) and returns -1. */
int part_fail(struct part *p)
{
    struct xz *z = p->z;

    if (p->bomb)
        sheet_err(z->err, z->errlen, "%s", SHEET_ERR_BOMB);
    else if (p->doctype)
        sheet_err(z->err, z->errlen, "%s", "文件含有不允许的 DTD 声明（DOCTYPE），已拒绝");
    else
        sheet_err(z->err, z->errlen, "%s（%s 内容损坏）", SHEET_ERR_XLSX, p->name);
    return -1;
}

void part_close(struct part *p)
{
    if (p->r)
        xmlFreeTextReader(p->r);
    if (p->zf)
        zip_fclose(p->zf);
    p->r = NULL;
    p->zf = NULL;
}

/* Opens the part name. Returns 1, 0 when the archive has no such part, -1 with err set. */
int part_open(struct xz *z, const char *name, struct part *p)
{
    zip_int64_t idx;
    zip_stat_t st;

    memset(p, 0, sizeof *p);
    p->z = z;
    p->name = name;
    if ((idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE)) < 0)
        return 0;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) < 0) {
        sheet_err(z->err, z->errlen, "%s", SHEET_ERR_XLSX);
        return -1;
    }
    /* A part announced bigger than the whole budget is refused at once; the sum over the
     * parts, and parts whose headers lie, are caught by part_io_read as they inflate. */
    p->declared = SIZE_MAX;
    if (st.valid & ZIP_STAT_SIZE) {
        if (st.size > z->budget) {
            p->bomb = 1;
            return part_fail(p);
        }
        p->declared = (size_t)st.size;
    }
    if (!(p->zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0))) {
        sheet_err(z->err, z->errlen, "%s（%s 无法解压）", SHEET_ERR_XLSX, name);
        return -1;
    }
    p->r = xmlReaderForIO(part_io_read, part_io_close, p, name, "UTF-8",
                          XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC |
                              XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!p->r) {
        int rc = part_fail(p);
        part_close(p);
        return rc;
    }
    xmlTextReaderSetStructuredErrorHandler(p->r, xml_silent, NULL);
    return 1;
}

/* The next node: 1, 0 at the end of the part, -1 with err set. */
int part_next(struct part *p)
{
    int rc = xmlTextReaderRead(p->r);

    if (rc == 0)
        return 0;
    if (rc < 0)
        return part_fail(p);
    p->type = xmlTextReaderNodeType(p->r);
    p->local = "";
    if (p->type == XML_READER_TYPE_ELEMENT || p->type == XML_READER_TYPE_END_ELEMENT)
        p->local = (const char *)xmlTextReaderConstLocalName(p->r);
    else if (p->type == XML_READER_TYPE_DOCUMENT_TYPE || p->type == XML_READER_TYPE_ENTITY ||
             p->type == XML_READER_TYPE_ENTITY_REFERENCE) {
        p->doctype = 1;
        return part_fail(p);
    }
    if (!p->local)
        p->local = "";
    return 1;
}

int is_start(struct part *p, const char *local)
{
    return p->type == XML_READER_TYPE_ELEMENT && !strcmp(p->local, local);
}

int is_end(struct part *p, const char *local)
{
    return p->type == XML_READER_TYPE_END_ELEMENT && !strcmp(p->local, local);
}

/* ---- relationships ---- */

enum rel_kind { REL_OTHER, REL_DOCUMENT, REL_WORKSHEET, REL_STRINGS, REL_STYLES };

struct rel {
    char *id, *target;
    enum rel_kind kind;
};

struct rels {
    struct rel *v;
    int n;
};

static void rels_free(struct rels *rs)
{
    for (int i = 0; i < rs->n; i++) {
        free(rs->v[i].id);
        free(rs->v[i].target);
    }
    free(rs->v);
    rs->v = NULL;
    rs->n = 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* Joins a part's directory ("xl/", "" for the root) and a relationship target: absolute
 * targets start at the root, "." and ".." are resolved. Returns 0 or -1 (too long or
 * climbing out of the package). */
static int resolve(const char *dir, const char *target, char *out, size_t outlen)
{
    char tmp[MAX_PATH];
    size_t len = 0;
    const char *s;
    int n;

    n = *target == '/' ? snprintf(tmp, sizeof tmp, "%s", target + 1)
                       : snprintf(tmp, sizeof tmp, "%s%s", dir, target);
    if (n < 0 || (size_t)n >= sizeof tmp || outlen == 0)
        return -1;
    for (s = tmp; *s;) {
        const char *e = strchr(s, '/');
        size_t sl = e ? (size_t)(e - s) : strlen(s);
        if (sl == 0 || (sl == 1 && s[0] == '.')) {
            /* skip */
        } else if (sl == 2 && s[0] == '.' && s[1] == '.') {
            if (len == 0)
                return -1;
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
        } else {
            if (len + (len > 0) + sl + 1 > outlen)
                return -1;
            if (len > 0)
                out[len++] = '/';
            memcpy(out + len, s, sl);
            len += sl;
        }
        s += sl + (e != NULL);
    }
    out[len] = '\0';
    return len ? 0 : -1;
}

/* Reads a .rels part; a missing part gives no relationships. Returns 0 or -1. */
static int rels_read(struct xz *z, const char *name, const char *dir, struct rels *rs)
{
    struct part p;
    int rc;

    if ((rc = part_open(z, name, &p)) <= 0)
        return rc;
    while ((rc = part_next(&p)) == 1) {
        const char *id = NULL, *type = NULL, *target = NULL;
        char path[MAX_PATH], *idc = NULL, *typec = NULL, *tc = NULL;
        int external = 0;
        struct rel *v;
        if (!is_start(&p, "Relationship"))
            continue;
        FOR_ATTRS(p.r) {
            if (ATTR_IS(p.r, "Id"))
                free(idc), id = idc = strdup(ATTR_VAL(p.r));
            else if (ATTR_IS(p.r, "Type"))
                free(typec), type = typec = strdup(ATTR_VAL(p.r));
            else if (ATTR_IS(p.r, "Target"))
                free(tc), target = tc = strdup(ATTR_VAL(p.r));
            else if (ATTR_IS(p.r, "TargetMode"))
                external = !strcmp(ATTR_VAL(p.r), "External");
        }
        if (id && type && target && !external && rs->n < MAX_RELS &&
            resolve(dir, target, path, sizeof path) == 0 &&
            (v = realloc(rs->v, (size_t)(rs->n + 1) * sizeof *v))) {
            rs->v = v;
            v[rs->n].kind = ends_with(type, "/officeDocument") ? REL_DOCUMENT
                          : ends_with(type, "/worksheet")      ? REL_WORKSHEET
                          : ends_with(type, "/sharedStrings")  ? REL_STRINGS
                          : ends_with(type, "/styles")         ? REL_STYLES
                                                               : REL_OTHER;
            v[rs->n].id = idc;
            v[rs->n].target = strdup(path);
            idc = NULL;
            if (v[rs->n].target)
                rs->n++;
            else
                free(v[rs->n].id);
        }
        free(idc);
        free(typec);
        free(tc);
    }
    part_close(&p);
    return rc;
}

static const struct rel *rel_by_kind(const struct rels *rs, enum rel_kind k)
{
    for (int i = 0; i < rs->n; i++)
        if (rs->v[i].kind == k)
            return &rs->v[i];
    return NULL;
}

/* ---- workbook ---- */

/* Finds the first <sheet> whose relationship is a worksheet, and date1904. Returns 1,
 * 0 when there is none, -1 with err set. */
static int workbook_read(struct xz *z, const char *name, const struct rels *rs,
                         char *sheet, size_t sheetlen, int *date1904)
{
    struct part p;
    int rc, found = 0;

    if ((rc = part_open(z, name, &p)) <= 0) {
        if (rc == 0)
            sheet_err(z->err, z->errlen, "%s", SHEET_ERR_XLSX);
        return -1;
    }
    while (!found && (rc = part_next(&p)) == 1) {
        if (is_start(&p, "workbookPr")) {
            FOR_ATTRS(p.r) {
                if (ATTR_IS(p.r, "date1904"))
                    *date1904 = !strcmp(ATTR_VAL(p.r), "1") || !strcmp(ATTR_VAL(p.r), "true");
            }
        } else if (is_start(&p, "sheet")) {
            FOR_ATTRS(p.r) {
                const char *ns = (const char *)xmlTextReaderConstNamespaceUri(p.r);
                if (found || !ns || !ends_with(ns, "/relationships") ||
                    strcmp((const char *)xmlTextReaderConstLocalName(p.r), "id"))
                    continue;
                for (int i = 0; i < rs->n; i++)
                    if (rs->v[i].kind == REL_WORKSHEET && !strcmp(rs->v[i].id, ATTR_VAL(p.r)) &&
                        strlen(rs->v[i].target) < sheetlen) {
                        strcpy(sheet, rs->v[i].target);
                        found = 1;
                    }
            }
        }
    }
    part_close(&p);
    return rc < 0 ? -1 : found;
}

/* ---- styles: which cell formats are dates ---- */

/* A custom number format is a date when y, m, d or h appear outside quotes, brackets
 * ([Red], [$-804], [h]) and escapes (\x, _x padding, *x fill). */
static int fmt_code_is_date(const char *code)
{
    for (const char *s = code; *s; s++) {
        switch (*s) {
        case '"':
            while (s[1] && s[1] != '"')
                s++;
            if (s[1])
                s++;
            break;
        case '[':
            while (s[1] && s[1] != ']')
                s++;
            if (s[1])
                s++;
            break;
        case '\\': case '_': case '*':
            if (s[1])
                s++;
            break;
        case 'y': case 'Y': case 'm': case 'M': case 'd': case 'D': case 'h': case 'H':
            return 1;
        }
    }
    return 0;
}

/* Built-in date/time formats: 14–22, 45–47, and the East Asian ones 27–36 and 50–58
 * (e.g. 31 = yyyy"年"m"月"d"日" in Chinese Excel). */
static int builtin_is_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

struct numfmt {
    long id;
    int date;
};

static int numfmt_cmp(const void *a, const void *b)
{
    long x = ((const struct numfmt *)a)->id, y = ((const struct numfmt *)b)->id;
    return (x > y) - (x < y);
}

int sheet_grow(void *v, int *cap, int n, size_t elem)
{
    void **pp = v, *p;
    int c = *cap ? *cap : 16;

    if (n < *cap)
        return 0;
    while (c <= n) {
        if (c > INT32_MAX / 2)
            return -1;
        c *= 2;
    }
    if ((size_t)c > SIZE_MAX / elem || !(p = realloc(*pp, (size_t)c * elem)))
        return -1;
    *pp = p;
    *cap = c;
    return 0;
}

static int styles_read(struct xz *z, const char *name, struct styles *st)
{
    struct part p;
    struct numfmt *fmts = NULL;
    long *xf_fmt = NULL;
    int nfmts = 0, fcap = 0, xcap = 0, rc, in_xfs = 0;

    if ((rc = part_open(z, name, &p)) <= 0)
        return rc;
    while ((rc = part_next(&p)) == 1) {
        if (is_start(&p, "numFmt")) {
            struct numfmt f = {-1, 0};
            FOR_ATTRS(p.r) {
                if (ATTR_IS(p.r, "numFmtId"))
                    f.id = strtol(ATTR_VAL(p.r), NULL, 10);
                else if (ATTR_IS(p.r, "formatCode"))
                    f.date = fmt_code_is_date(ATTR_VAL(p.r));
            }
            if (sheet_grow(&fmts, &fcap, nfmts, sizeof *fmts) < 0)
                goto nomem;
            fmts[nfmts++] = f;
        } else if (is_start(&p, "cellXfs")) {
            in_xfs = !xmlTextReaderIsEmptyElement(p.r);
        } else if (is_end(&p, "cellXfs")) {
            in_xfs = 0;
        } else if (in_xfs && is_start(&p, "xf")) {
            long id = 0;
            FOR_ATTRS(p.r) {
                if (ATTR_IS(p.r, "numFmtId"))
                    id = strtol(ATTR_VAL(p.r), NULL, 10);
            }
            if (sheet_grow(&xf_fmt, &xcap, st->nxf, sizeof *xf_fmt) < 0)
                goto nomem;
            xf_fmt[st->nxf++] = id;
        }
    }
    if (rc == 0 && st->nxf > 0) {
        /* Resolved at the end: a custom format overrides the built-in of the same id. */
        if (!(st->xf_date = malloc((size_t)st->nxf)))
            goto nomem;
        if (nfmts)
            qsort(fmts, (size_t)nfmts, sizeof *fmts, numfmt_cmp);
        for (int i = 0; i < st->nxf; i++) {
            struct numfmt key = {xf_fmt[i], 0}, *f = NULL;
            if (nfmts)
                f = bsearch(&key, fmts, (size_t)nfmts, sizeof *fmts, numfmt_cmp);
            st->xf_date[i] = (unsigned char)(f ? f->date : builtin_is_date(xf_fmt[i]));
        }
    }
    goto out;
nomem:
    sheet_err(z->err, z->errlen, "%s", SHEET_ERR_NOMEM);
    rc = -1;
out:
    free(fmts);
    free(xf_fmt);
    part_close(&p);
    return rc < 0 ? -1 : 0;
}

/* ---- the entry point ---- */

static void dir_of(const char *path, char *dir, size_t dirlen)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;

    if (n >= dirlen)
        n = 0;
    memcpy(dir, path, n);
    dir[n] = '\0';
}

int sheet_xlsx_read(const unsigned char *data, size_t len, const struct sheet_lim *lim,
                    sheet_row_fn fn, void *ctx, char *err, size_t errlen)
{
    struct xz z = {NULL, 0, lim->max_uncompressed, err, errlen};
    struct rels root = {0}, wb = {0};
    struct sst sst = {0};
    struct styles st = {0};
    const struct rel *rel;
    char book[MAX_PATH] = "xl/workbook.xml", dir[MAX_PATH], path[MAX_PATH], sheet[MAX_PATH];
    zip_source_t *src;
    zip_error_t ze;
    int rc = -1, date1904 = 0, n;

    xmlInitParser();
    zip_error_init(&ze);
    if (!(src = zip_source_buffer_create(data, len, 0, &ze))) {
        sheet_err(err, errlen, "%s", SHEET_ERR_NOMEM);
        goto out;
    }
    if (!(z.za = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
        zip_source_free(src);
        sheet_err(err, errlen, "%s", SHEET_ERR_XLSX);
        goto out;
    }
    if (rels_read(&z, "_rels/.rels", "", &root) < 0)
        goto out;
    if ((rel = rel_by_kind(&root, REL_DOCUMENT)))
        snprintf(book, sizeof book, "%s", rel->target);
    dir_of(book, dir, sizeof dir);
    n = snprintf(path, sizeof path, "%s_rels/%s.rels", dir, book + strlen(dir));
    if (n < 0 || (size_t)n >= sizeof path || rels_read(&z, path, dir, &wb) < 0)
        goto out;
    if ((n = workbook_read(&z, book, &wb, sheet, sizeof sheet, &date1904)) <= 0) {
        if (n == 0)
            sheet_err(err, errlen, "%s", "Excel 文件中没有工作表");
        goto out;
    }
    rel = rel_by_kind(&wb, REL_STYLES);
    snprintf(path, sizeof path, "%s", rel ? rel->target : "xl/styles.xml");
    if (styles_read(&z, path, &st) < 0)
        goto out;
    rel = rel_by_kind(&wb, REL_STRINGS);
    snprintf(path, sizeof path, "%s", rel ? rel->target : "xl/sharedStrings.xml");
    if (sst_read(&z, path, &sst) < 0)
        goto out;
    rc = rows_read(&z, sheet, &sst, &st, date1904, lim, fn, ctx);
out:
    if (z.za)
        zip_discard(z.za);
    rels_free(&root);
    rels_free(&wb);
    sst_free(&sst);
    free(st.xf_date);
    return rc;
}
