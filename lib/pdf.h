/* pdf.h — Chinese PDF documents with cairo + pango, built in memory.
 *
 * A small document builder: A4 portrait, fixed margins, content flowing down the page
 * (a new page when the next line or table row does not fit), "第 N 页 共 M 页" footers
 * on request, Title/Author/Subject/CreationDate metadata. Text is plain UTF-8, never
 * markup, so database values can be passed as they are. Fonts are chosen by family
 * through fontconfig and embedded as subsets:
 *   PDF_FONT_BODY     "AR PL UMing CN"    (Ming/Song, fonts-arphic-uming)
 *   PDF_FONT_HEADING  "WenQuanYi Zen Hei" (Hei, fonts-wqy-zenhei)
 * pdf_new refuses to start when either is not installed rather than let fontconfig
 * substitute a font that may lack the glyphs.
 *
 *   struct pdf_doc *d = pdf_new(&(struct pdf_meta){.title = "…", .author = "…"});
 *   pdf_title(d, "特种设备定期检验承诺书");
 *   pdf_paragraph(d, &PDF_STYLE_BODY, "…");
 *   pdf_table(d, &table);
 *   if (pdf_finish(d, &bytes, &len) == 0) { …; free(bytes); }
 *
 * Errors are sticky (logged once): after a failed call every later call returns -1 and
 * pdf_finish returns -1, so a caller may check only pdf_finish. pdf_finish frees the
 * document in every case; pdf_free abandons one. Pages are recorded (cairo recording
 * surfaces) and written to the PDF stream only in pdf_finish, when the page count is
 * known. No temp files; the bytes are malloc'd for the caller.
 *
 * Lengths are millimetres, font sizes points. Chinese size names: 二号 22, 三号 16,
 * 四号 14, 小四 12, 五号 10.5, 小五 9. */
#ifndef TEJIAN_PDF_H
#define TEJIAN_PDF_H

#include <stddef.h>
#include <time.h>

struct pdf_doc;

struct pdf_meta {
    const char *title;   /* PDF Title; NULL = none */
    const char *author;  /* PDF Author (the issuing unit); NULL = none */
    const char *subject; /* PDF Subject; NULL = none */
    time_t created;      /* CreationDate; 0 = now */
    int page_numbers;    /* non-zero: "第 N 页 共 M 页" centred in the bottom margin */
    double page_w_mm, page_h_mm; /* 0 = A4 portrait (210 x 297) */
    double margin_mm;            /* 0 = the builder's default margins */
};

enum pdf_font { PDF_FONT_BODY, PDF_FONT_HEADING };
enum pdf_align { PDF_ALIGN_LEFT, PDF_ALIGN_CENTER, PDF_ALIGN_RIGHT, PDF_ALIGN_JUSTIFY };

struct pdf_style {
    enum pdf_font font;
    double size;         /* points; 0 = 12 (小四) */
    enum pdf_align align;
    double first_indent; /* first line indent in em (2 = the usual Chinese paragraph) */
    double line_height;  /* line pitch as a multiple of size; 0 = 1.5 */
    double left;         /* mm from the left margin (the text is narrower by as much) */
    double space_after;  /* mm below the paragraph */
};

/* 小四 Ming, justified, indented two characters, 1.5 lines, 1 mm after. */
extern const struct pdf_style PDF_STYLE_BODY;

/* A label followed by an underlined blank to be filled in by hand ("联系电话：______"),
 * or printed over the line when value is set (a form pre-filled from the database). */
struct pdf_field {
    const char *label; /* may be "" */
    const char *value; /* NULL = blank */
    double width;      /* mm of underline; 0 = no underline (a label only: "年", "日") */
};

struct pdf_column {
    const char *title;    /* header cell; NULL in every column = no header row */
    double width;         /* mm; 0 = an equal share of what the others leave */
    enum pdf_align align; /* cell text (the header is centred) */
};

/* A grid with borders across the text width. The header row (heading font) is repeated
 * at the top of a page when the table breaks. */
struct pdf_table {
    const struct pdf_column *cols;
    int ncols;
    const char *const *cells; /* nrows * ncols, row by row; NULL or "" = empty cell */
    int nrows;
    double size;              /* points; 0 = 10.5 (五号) */
    double min_row_height;    /* mm; 0 = one line and padding (empty rows to write in) */
    double space_after;       /* mm */
};

/* A new document, first page started. NULL on error (logged), e.g. a font is missing. */
struct pdf_doc *pdf_new(const struct pdf_meta *meta);

/* A centred title in the heading font, 22 pt (二号), with space below. */
int pdf_title(struct pdf_doc *d, const char *text);
/* A paragraph wrapped to the text width (st NULL = PDF_STYLE_BODY); may span pages. */
int pdf_paragraph(struct pdf_doc *d, const struct pdf_style *st, const char *text);
/* Fields left to right on one line, wrapping to the next line when one does not fit
 * (a field is never split). st gives font, size, line height, left and space_after. */
int pdf_fields(struct pdf_doc *d, const struct pdf_style *st, const struct pdf_field *f, int n);
int pdf_table(struct pdf_doc *d, const struct pdf_table *t);
/* Moves the flow down by mm (a new page when it does not fit; not carried over to the
 * new page). */
int pdf_space(struct pdf_doc *d, double mm);
/* Current flow position: mm from the top edge of the current page, and the 0-based
 * index of the current page (so a caller knows where it drew things). */
double pdf_y(const struct pdf_doc *d);
int pdf_page_index(const struct pdf_doc *d);
/* A QR code (libqrencode, level M, 8-bit UTF-8) of text, drawn as vector squares at an
 * absolute position on the current page (x, y: top-left corner, mm from the page's
 * top-left), size_mm square including a 4-module quiet zone. 0 or -1. */
int pdf_qr(struct pdf_doc *d, double x_mm, double y_mm, double size_mm, const char *text);
/* A red round official seal (印章) centred at cx, cy (mm from the page's top-left):
 * outer ring, five-pointed star, org_name curved along the upper arc, label (e.g.
 * "检验专用章") straight below the star. Drawn semi-opaque red so text under it stays
 * readable. 0 or -1. */
int pdf_seal(struct pdf_doc *d, double cx_mm, double cy_mm, double diameter_mm,
             const char *org_name, const char *label);
/* Starts a new page. */
int pdf_page_break(struct pdf_doc *d);
/* Pages so far (the current one included). */
int pdf_page_count(const struct pdf_doc *d);

/* Writes the PDF: *out (malloc'd, caller frees) and *len. Frees d. 0 or -1 (logged;
 * *out NULL, *len 0). */
int pdf_finish(struct pdf_doc *d, unsigned char **out, size_t *len);
/* Abandons a document. NULL is fine. */
void pdf_free(struct pdf_doc *d);

/* ---- Documents ---- */

/* The blank commitment letter (定期检验承诺书) a use unit prints, signs, stamps and uploads
 * with an application for periodic inspection. One A4 page. 0 or -1 (logged). */
int pdf_commitment_letter(unsigned char **out, size_t *len);

#endif
