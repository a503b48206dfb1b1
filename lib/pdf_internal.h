/* pdf_internal.h — the document builder's state, shared by lib/pdf*.c only (pdf.h keeps
 * cairo and pango out of its callers). */
#ifndef TEJIAN_PDF_INTERNAL_H
#define TEJIAN_PDF_INTERNAL_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "pdf.h"

#define PT_PER_MM (72.0 / 25.4)
#define MM(x) ((x) * PT_PER_MM)

struct pdf_doc {
    char *title, *author, *subject;
    time_t created;
    int page_numbers;
    double page_w, page_h;   /* points */
    double margin_x, margin_y;

    PangoContext *pango;
    cairo_surface_t **pages; /* recording surfaces, one per page */
    int npages, cap;
    cairo_t *cr;             /* drawing on pages[npages - 1] */
    double y;                /* next free line on the current page, points from the top */
    int failed;              /* sticky error */
};

/* Page geometry of the document being drawn (d in scope), points. */
#define PAGE_W (d->page_w)
#define PAGE_H (d->page_h)
#define MARGIN_LEFT (d->margin_x)
#define MARGIN_RIGHT (d->margin_x)
#define MARGIN_TOP (d->margin_y)
#define MARGIN_BOTTOM (d->margin_y)
#define TEXT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)
#define TEXT_BOTTOM (PAGE_H - MARGIN_BOTTOM)
/* Footer baseline, from the top of the page: 12 mm up, or in the middle of a narrower
 * bottom margin. */
#define FOOTER_Y (PAGE_H - (MARGIN_BOTTOM > MM(24.0) ? MM(12.0) : MARGIN_BOTTOM / 2))

#define RULE_W 0.6 /* table borders and underlines, points */

/* Sticky error: logs what/why once, marks the document failed, returns -1. */
int pdf_fail(struct pdf_doc *d, const char *what, const char *why);
/* 0, or pdf_fail with cairo's status. */
int pdf_check_cr(struct pdf_doc *d, cairo_t *cr, const char *what);
/* 0 for valid UTF-8, else pdf_fail. */
int pdf_check_text(struct pdf_doc *d, const char *text);
PangoFontDescription *pdf_font_desc(enum pdf_font font, double size);
/* A layout for text in font/size; width_pt > 0 wraps. NULL on error (pdf_fail). */
PangoLayout *pdf_layout_new(struct pdf_doc *d, enum pdf_font font, double size,
                            const char *text, double width_pt);
/* Logical width of a layout, points. */
double pdf_text_width(PangoLayout *l);
/* Ascent and descent of a font, points. */
void pdf_font_metrics(struct pdf_doc *d, enum pdf_font font, double size, double *ascent,
                      double *descent);
/* Makes room for h points below the current line: a new page when they do not fit
 * (unless the page is still empty). */
int pdf_need(struct pdf_doc *d, double h);
/* Space below a block, clamped at the bottom margin. */
int pdf_space_after(struct pdf_doc *d, double mm);
/* A horizontal rule from x0 to x1 at y (RULE_W). */
void pdf_rule(cairo_t *cr, double x0, double x1, double y);

#endif
