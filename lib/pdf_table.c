/* pdf_table.c — bordered tables for lib/pdf.c: column widths, rows as tall as their
 * tallest cell, the header row repeated at the top of a page when the table breaks. */
#include "pdf_internal.h"

#define CELL_PAD_X MM(1.5)
#define CELL_PAD_Y MM(1.2)

#define TABLE_MAX_COLS 64

struct table_geom {
    double x[TABLE_MAX_COLS + 1]; /* column edges, points */
    double size;
};

/* The layout of a cell's text: wrapped to the cell, lines a little apart (a font's own line
 * height sets CJK lines almost touching). */
static PangoLayout *cell_layout(struct pdf_doc *d, const struct table_geom *g, int c,
                                enum pdf_font font, const char *text)
{
    PangoLayout *l = pdf_layout_new(d, font, g->size, text, g->x[c + 1] - g->x[c] - 2 * CELL_PAD_X);
    if (l)
        pango_layout_set_line_spacing(l, 1.25f);
    return l;
}

/* Height of a row: the tallest cell's text and padding, at least min_h (which the caller
 * has raised to one line and padding). */
static int row_height(struct pdf_doc *d, const struct table_geom *g, enum pdf_font font,
                      const char *const *cells, int ncols, double min_h, double *h)
{
    *h = min_h;
    for (int c = 0; c < ncols; c++) {
        PangoLayout *l;
        PangoRectangle logical;
        double th;

        if (!cells[c] || !cells[c][0])
            continue;
        if (pdf_check_text(d, cells[c]) < 0)
            return -1;
        l = cell_layout(d, g, c, font, cells[c]);
        if (!l)
            return -1;
        pango_layout_get_extents(l, NULL, &logical);
        g_object_unref(l);
        th = (double)logical.height / PANGO_SCALE + 2 * CELL_PAD_Y;
        if (th > *h)
            *h = th;
    }
    return 0;
}

/* Draws one row at d->y, h high: borders, then each cell's text centred vertically. */
static int row_draw(struct pdf_doc *d, const struct table_geom *g, enum pdf_font font,
                    const char *const *cells, const struct pdf_column *cols, int ncols,
                    int header, double h)
{
    cairo_t *cr = d->cr;

    cairo_save(cr);
    cairo_set_line_width(cr, RULE_W);
    for (int c = 0; c < ncols; c++)
        cairo_rectangle(cr, g->x[c], d->y, g->x[c + 1] - g->x[c], h);
    cairo_stroke(cr);
    cairo_restore(cr);
    for (int c = 0; c < ncols; c++) {
        PangoLayout *l;
        PangoRectangle logical;
        enum pdf_align a = header ? PDF_ALIGN_CENTER : cols[c].align;

        if (!cells[c] || !cells[c][0])
            continue;
        l = cell_layout(d, g, c, font, cells[c]);
        if (!l)
            return -1;
        pango_layout_set_alignment(l, a == PDF_ALIGN_CENTER  ? PANGO_ALIGN_CENTER
                                      : a == PDF_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                             : PANGO_ALIGN_LEFT);
        pango_layout_set_justify(l, a == PDF_ALIGN_JUSTIFY);
        pango_layout_get_extents(l, NULL, &logical);
        cairo_move_to(cr, g->x[c] + CELL_PAD_X,
                      d->y + (h - (double)logical.height / PANGO_SCALE) / 2);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
    }
    return pdf_check_cr(d, cr, "table");
}

int pdf_table(struct pdf_doc *d, const struct pdf_table *t)
{
    struct table_geom g;
    const char *titles[TABLE_MAX_COLS];
    double fixed = 0, share, header_h = 0, min_h, asc, desc;
    int nzero = 0, has_header = 0;

    if (!d || d->failed)
        return -1;
    if (!t || !t->cols || t->ncols < 1 || t->ncols > TABLE_MAX_COLS || t->nrows < 0 ||
        (t->nrows > 0 && !t->cells))
        return pdf_fail(d, "table", "bad shape");
    g.size = t->size > 0 ? t->size : 10.5;
    pdf_font_metrics(d, PDF_FONT_BODY, g.size, &asc, &desc);
    min_h = MM(t->min_row_height);
    if (min_h < asc + desc + 2 * CELL_PAD_Y)
        min_h = asc + desc + 2 * CELL_PAD_Y;
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c].width < 0)
            return pdf_fail(d, "table", "negative column width");
        fixed += MM(t->cols[c].width);
        nzero += t->cols[c].width == 0;
        titles[c] = t->cols[c].title;
        has_header |= titles[c] != NULL;
    }
    share = nzero ? (TEXT_W - fixed) / nzero : 0;
    if (fixed > TEXT_W + 0.01 || (nzero && share < 2 * CELL_PAD_X + g.size))
        return pdf_fail(d, "table", "wider than the page");
    g.x[0] = MARGIN_LEFT;
    for (int c = 0; c < t->ncols; c++)
        g.x[c + 1] = g.x[c] + (t->cols[c].width > 0 ? MM(t->cols[c].width) : share);

    if (has_header && row_height(d, &g, PDF_FONT_HEADING, titles, t->ncols, min_h, &header_h) < 0)
        return -1;
    for (int r = 0; r < t->nrows || (r == 0 && has_header); r++) {
        const char *const *cells = t->nrows ? t->cells + (size_t)r * (size_t)t->ncols : NULL;
        double h = 0;
        int page = d->npages;

        if (cells && row_height(d, &g, PDF_FONT_BODY, cells, t->ncols, min_h, &h) < 0)
            return -1;
        if (header_h + h > TEXT_BOTTOM - MARGIN_TOP)
            return pdf_fail(d, "table", "a row is taller than a page");
        /* A header is never left alone at the bottom of a page. */
        if (pdf_need(d, (r == 0 ? header_h : 0) + h) < 0)
            return -1;
        if (has_header && (r == 0 || d->npages != page)) {
            if (row_draw(d, &g, PDF_FONT_HEADING, titles, t->cols, t->ncols, 1, header_h) < 0)
                return -1;
            d->y += header_h;
        }
        if (!cells)
            break;
        if (row_draw(d, &g, PDF_FONT_BODY, cells, t->cols, t->ncols, 0, h) < 0)
            return -1;
        d->y += h;
    }
    return pdf_space_after(d, t->space_after);
}
