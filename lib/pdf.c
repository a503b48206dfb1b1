/* pdf.c — see pdf.h. Each page is drawn into a cairo recording surface; pdf_finish adds
 * the footers (the page count is known by then) and replays the pages onto one
 * cairo-pdf surface writing into a growing memory buffer. Layout is pango's: one
 * PangoContext per document on the process-wide pangocairo font map, with hinting off
 * and unrounded glyph positions (a PDF is not a screen), and 1 pango point = 1 PDF
 * point. Paragraphs are drawn line by line so they can continue on the next page. */
#include "pdf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo-pdf.h>

#include "log.h"
#include "pdf_internal.h"


static const char *const FONT_FAMILY[] = {
    [PDF_FONT_BODY] = "AR PL UMing CN",
    [PDF_FONT_HEADING] = "WenQuanYi Zen Hei",
};
static const char *const FONT_PACKAGE[] = {
    [PDF_FONT_BODY] = "fonts-arphic-uming",
    [PDF_FONT_HEADING] = "fonts-wqy-zenhei",
};

const struct pdf_style PDF_STYLE_BODY = {
    .font = PDF_FONT_BODY,
    .size = 12,
    .align = PDF_ALIGN_JUSTIFY,
    .first_indent = 2,
    .line_height = 1.5,
    .space_after = 1,
};

/* ---- errors ---- */

int pdf_fail(struct pdf_doc *d, const char *what, const char *why)
{
    if (!d->failed)
        log_error("pdf: %s: %s", what, why);
    d->failed = 1;
    return -1;
}

int pdf_check_cr(struct pdf_doc *d, cairo_t *cr, const char *what)
{
    cairo_status_t st = cairo_status(cr);
    return st == CAIRO_STATUS_SUCCESS ? 0 : pdf_fail(d, what, cairo_status_to_string(st));
}

int pdf_check_text(struct pdf_doc *d, const char *text)
{
    if (!text)
        return pdf_fail(d, "text", "NULL");
    if (!g_utf8_validate(text, -1, NULL))
        return pdf_fail(d, "text", "not valid UTF-8");
    return 0;
}

/* ---- fonts and layouts ---- */

PangoFontDescription *pdf_font_desc(enum pdf_font font, double size)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family_static(fd, FONT_FAMILY[font]);
    pango_font_description_set_size(fd, (gint)(size * PANGO_SCALE + 0.5));
    return fd;
}

/* Whether fontconfig gives us the family itself for each font, not a substitute. Checked
 * once per process (workers are single-threaded); a failure is checked again next time. */
static int fonts_present(PangoContext *ctx)
{
    static int ok;
    if (ok)
        return 1;
    for (size_t i = 0; i < sizeof FONT_FAMILY / sizeof FONT_FAMILY[0]; i++) {
        PangoFontDescription *want = pdf_font_desc((enum pdf_font)i, 12);
        PangoFont *f = pango_context_load_font(ctx, want);
        PangoFontDescription *got = f ? pango_font_describe(f) : NULL;
        const char *fam = got ? pango_font_description_get_family(got) : NULL;
        int same = fam && strcasecmp(fam, FONT_FAMILY[i]) == 0;
        if (!same)
            log_error("pdf: font \"%s\" not installed (package %s); fontconfig offers \"%s\"",
                      FONT_FAMILY[i], FONT_PACKAGE[i], fam ? fam : "nothing");
        if (got)
            pango_font_description_free(got);
        if (f)
            g_object_unref(f);
        pango_font_description_free(want);
        if (!same)
            return 0;
    }
    ok = 1;
    return 1;
}

/* A layout for text in font/size; width_pt > 0 wraps. NULL on error. */
PangoLayout *pdf_layout_new(struct pdf_doc *d, enum pdf_font font, double size,
                               const char *text, double width_pt)
{
    PangoLayout *l = pango_layout_new(d->pango);
    PangoFontDescription *fd;

    if (!l) {
        pdf_fail(d, "layout", "out of memory");
        return NULL;
    }
    fd = pdf_font_desc(font, size);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width_pt > 0) {
        pango_layout_set_width(l, (int)(width_pt * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_text(l, text, -1);
    return l;
}

/* Ascent and descent of a font, points. */
void pdf_font_metrics(struct pdf_doc *d, enum pdf_font font, double size, double *ascent,
                      double *descent)
{
    PangoFontDescription *fd = pdf_font_desc(font, size);
    PangoFontMetrics *m = pango_context_get_metrics(d->pango, fd, NULL);
    *ascent = (double)pango_font_metrics_get_ascent(m) / PANGO_SCALE;
    *descent = (double)pango_font_metrics_get_descent(m) / PANGO_SCALE;
    pango_font_metrics_unref(m);
    pango_font_description_free(fd);
}

double pdf_text_width(PangoLayout *l)
{
    PangoRectangle logical;
    pango_layout_get_extents(l, NULL, &logical);
    return (double)logical.width / PANGO_SCALE;
}

/* ---- pages ---- */

static int page_end(struct pdf_doc *d)
{
    int rc = 0;
    if (d->cr) {
        rc = pdf_check_cr(d, d->cr, "page");
        cairo_destroy(d->cr);
        d->cr = NULL;
    }
    return rc;
}

static int page_begin(struct pdf_doc *d)
{
    cairo_rectangle_t extents = {0, 0, PAGE_W, PAGE_H};
    cairo_surface_t *s;
    cairo_status_t st;

    if (page_end(d) < 0)
        return -1;
    if (d->npages == d->cap) {
        int cap = d->cap ? d->cap * 2 : 4;
        cairo_surface_t **p = realloc(d->pages, (size_t)cap * sizeof *p);
        if (!p)
            return pdf_fail(d, "page", "out of memory");
        d->pages = p;
        d->cap = cap;
    }
    s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
    st = cairo_surface_status(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return pdf_fail(d, "page", cairo_status_to_string(st));
    }
    d->pages[d->npages++] = s;
    d->cr = cairo_create(s);
    if (pdf_check_cr(d, d->cr, "page") < 0)
        return -1;
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    pango_cairo_update_context(d->cr, d->pango);
    d->y = MARGIN_TOP;
    return 0;
}

/* Makes room for h points below the current line: a new page when they do not fit (unless
 * the page is still empty, so an oversized block cannot loop). */
int pdf_need(struct pdf_doc *d, double h)
{
    if (d->y + h > TEXT_BOTTOM && d->y > MARGIN_TOP)
        return page_begin(d);
    return 0;
}

/* ---- public ---- */

/* Page size and margins from meta (0 = A4 portrait, default margins). Margins wider
 * than a third of the page are refused, so there is always room to write. */
static int geometry(struct pdf_doc *d, const struct pdf_meta *meta)
{
    double w = meta && meta->page_w_mm > 0 ? meta->page_w_mm : 210.0;
    double h = meta && meta->page_h_mm > 0 ? meta->page_h_mm : 297.0;
    double m = meta && meta->margin_mm > 0 ? meta->margin_mm : 0;

    if (w < 20 || h < 20 || w > 2000 || h > 2000 || m * 3 > w || m * 3 > h) {
        log_error("pdf: page %.1f x %.1f mm with %.1f mm margins refused", w, h, m);
        return -1;
    }
    d->page_w = MM(w);
    d->page_h = MM(h);
    d->margin_x = MM(m > 0 ? m : 25.0);
    d->margin_y = MM(m > 0 ? m : 22.0);
    return 0;
}

struct pdf_doc *pdf_new(const struct pdf_meta *meta)
{
    struct pdf_doc *d = calloc(1, sizeof *d);
    cairo_font_options_t *fo;

    if (!d) {
        log_error("pdf: out of memory");
        return NULL;
    }
    if (meta) {
        if ((meta->title && !(d->title = strdup(meta->title))) ||
            (meta->author && !(d->author = strdup(meta->author))) ||
            (meta->subject && !(d->subject = strdup(meta->subject)))) {
            log_error("pdf: out of memory");
            goto fail;
        }
        d->created = meta->created;
        d->page_numbers = meta->page_numbers;
    }
    if (geometry(d, meta) < 0)
        goto fail;
    /* The default font map is process-wide and kept for the process's life (fontconfig's
     * cache with it): loading fonts once per worker, not once per document. */
    d->pango = pango_font_map_create_context(pango_cairo_font_map_get_default());
    if (!d->pango) {
        log_error("pdf: no pango context");
        goto fail;
    }
    pango_context_set_language(d->pango, pango_language_from_string("zh-cn"));
    pango_context_set_round_glyph_positions(d->pango, FALSE);
    pango_cairo_context_set_resolution(d->pango, 72.0); /* font points = PDF points */
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    if (cairo_font_options_status(fo) != CAIRO_STATUS_SUCCESS) {
        cairo_font_options_destroy(fo);
        log_error("pdf: out of memory");
        goto fail;
    }
    pango_cairo_context_set_font_options(d->pango, fo);
    cairo_font_options_destroy(fo);
    if (!fonts_present(d->pango))
        goto fail;
    if (page_begin(d) < 0)
        goto fail;
    return d;
fail:
    pdf_free(d);
    return NULL;
}

void pdf_free(struct pdf_doc *d)
{
    if (!d)
        return;
    if (d->cr)
        cairo_destroy(d->cr);
    for (int i = 0; i < d->npages; i++)
        cairo_surface_destroy(d->pages[i]);
    free(d->pages);
    if (d->pango)
        g_object_unref(d->pango);
    free(d->title);
    free(d->author);
    free(d->subject);
    free(d);
}

int pdf_page_count(const struct pdf_doc *d)
{
    return d ? d->npages : 0;
}

double pdf_y(const struct pdf_doc *d)
{
    return d ? d->y / PT_PER_MM : 0;
}

int pdf_page_index(const struct pdf_doc *d)
{
    return d && d->npages > 0 ? d->npages - 1 : 0;
}

int pdf_page_break(struct pdf_doc *d)
{
    if (!d || d->failed)
        return -1;
    return page_begin(d);
}

/* Space below a block: clamped at the bottom margin, so a block ending a page does not
 * start an empty one. */
int pdf_space_after(struct pdf_doc *d, double mm)
{
    if (!d || d->failed)
        return -1;
    if (mm < 0)
        return pdf_fail(d, "space", "negative");
    d->y += MM(mm);
    if (d->y > TEXT_BOTTOM)
        d->y = TEXT_BOTTOM;
    return 0;
}

int pdf_space(struct pdf_doc *d, double mm)
{
    if (!d || d->failed)
        return -1;
    if (mm < 0)
        return pdf_fail(d, "space", "negative");
    /* Like pdf_need(): a space taller than a whole page is clamped, not an empty page. */
    if (d->y + MM(mm) > TEXT_BOTTOM && d->y > MARGIN_TOP)
        return page_begin(d);
    return pdf_space_after(d, mm);
}

int pdf_paragraph(struct pdf_doc *d, const struct pdf_style *st, const char *text)
{
    PangoLayout *l = NULL;
    PangoLayoutIter *it = NULL;
    double size, pitch, left, width;
    int rc = -1;

    if (!d || d->failed)
        return -1;
    if (pdf_check_text(d, text) < 0)
        return -1;
    if (!st)
        st = &PDF_STYLE_BODY;
    size = st->size > 0 ? st->size : 12;
    pitch = size * (st->line_height > 0 ? st->line_height : 1.5);
    left = MARGIN_LEFT + MM(st->left);
    width = TEXT_W - MM(st->left);
    if (width < size)
        return pdf_fail(d, "paragraph", "no room left of the right margin");

    l = pdf_layout_new(d, st->font, size, text, width);
    if (!l)
        goto out;
    pango_layout_set_indent(l, (int)(st->first_indent * size * PANGO_SCALE));
    pango_layout_set_alignment(l, st->align == PDF_ALIGN_CENTER  ? PANGO_ALIGN_CENTER
                                  : st->align == PDF_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                                 : PANGO_ALIGN_LEFT);
    pango_layout_set_justify(l, st->align == PDF_ALIGN_JUSTIFY);

    it = pango_layout_get_iter(l);
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle logical;
        double h, base;

        pango_layout_iter_get_line_extents(it, NULL, &logical);
        h = (double)logical.height / PANGO_SCALE;
        if (h < pitch)
            h = pitch;
        if (pdf_need(d, h) < 0)
            goto out;
        /* The line's box centred in its pitch; the baseline where pango puts it in the box. */
        base = d->y + (h - (double)logical.height / PANGO_SCALE) / 2 +
               (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
        cairo_move_to(d->cr, left + (double)logical.x / PANGO_SCALE, base);
        pango_cairo_show_layout_line(d->cr, line);
        d->y += h;
    } while (pango_layout_iter_next_line(it));
    if (pdf_check_cr(d, d->cr, "paragraph") < 0)
        goto out;
    rc = pdf_space_after(d, st->space_after);
out:
    if (it)
        pango_layout_iter_free(it);
    if (l)
        g_object_unref(l);
    return rc;
}

int pdf_title(struct pdf_doc *d, const char *text)
{
    const struct pdf_style st = {
        .font = PDF_FONT_HEADING,
        .size = 22,
        .align = PDF_ALIGN_CENTER,
        .line_height = 1.4,
        .space_after = 6,
    };
    return pdf_paragraph(d, &st, text);
}

/* Draws a horizontal rule from x0 to x1 at y. */
void pdf_rule(cairo_t *cr, double x0, double x1, double y)
{
    cairo_save(cr);
    cairo_set_line_width(cr, RULE_W);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* State of a line of fields. */
struct fields_line {
    enum pdf_font font;
    double size, pitch, asc, desc, left, x;
    int open; /* something drawn on the current line */
};

static int field_draw(struct pdf_doc *d, struct fields_line *fl, const struct pdf_field *f)
{
    PangoLayout *label = NULL, *value = NULL;
    double lw, vw = 0, bw, base;
    int rc = -1;

    if (pdf_check_text(d, f->label) < 0 || (f->value && pdf_check_text(d, f->value) < 0))
        return -1;
    label = pdf_layout_new(d, fl->font, fl->size, f->label, 0);
    if (!label)
        goto out;
    if (f->value && !(value = pdf_layout_new(d, fl->font, fl->size, f->value, 0)))
        goto out;
    lw = pdf_text_width(label);
    vw = value ? pdf_text_width(value) : 0;
    bw = f->width > 0 ? MM(f->width) : 0;
    if (value && bw < vw + MM(4))
        bw = vw + MM(4);
    /* Wrap before a field that does not fit, unless it would start the line anyway. */
    if (fl->open && fl->x + lw + bw > MARGIN_LEFT + TEXT_W) {
        d->y += fl->pitch;
        fl->open = 0;
        fl->x = fl->left;
    }
    if (!fl->open) {
        if (pdf_need(d, fl->pitch) < 0)
            goto out;
        fl->open = 1;
    }
    base = d->y + (fl->pitch - fl->asc - fl->desc) / 2 + fl->asc;
    cairo_move_to(d->cr, fl->x, base); /* a layout line is drawn from its baseline */
    pango_cairo_show_layout_line(d->cr, pango_layout_get_line_readonly(label, 0));
    if (bw > 0)
        pdf_rule(d->cr, fl->x + lw, fl->x + lw + bw, base + fl->desc * 0.6);
    if (value) {
        cairo_move_to(d->cr, fl->x + lw + (bw - vw) / 2, base);
        pango_cairo_show_layout_line(d->cr, pango_layout_get_line_readonly(value, 0));
    }
    fl->x += lw + bw;
    rc = pdf_check_cr(d, d->cr, "fields");
out:
    if (label)
        g_object_unref(label);
    if (value)
        g_object_unref(value);
    return rc;
}

int pdf_fields(struct pdf_doc *d, const struct pdf_style *st, const struct pdf_field *f, int n)
{
    struct fields_line fl;

    if (!d || d->failed)
        return -1;
    if (!st)
        st = &PDF_STYLE_BODY;
    if (!f || n < 0)
        return pdf_fail(d, "fields", "no fields");
    fl.font = st->font;
    fl.size = st->size > 0 ? st->size : 12;
    fl.pitch = fl.size * (st->line_height > 0 ? st->line_height : 1.5);
    pdf_font_metrics(d, fl.font, fl.size, &fl.asc, &fl.desc);
    fl.left = fl.x = MARGIN_LEFT + MM(st->left);
    fl.open = 0;
    for (int i = 0; i < n; i++)
        if (field_draw(d, &fl, &f[i]) < 0)
            return -1;
    if (fl.open)
        d->y += fl.pitch;
    return pdf_space_after(d, st->space_after);
}

/* ---- output ---- */

struct membuf {
    unsigned char *p;
    size_t len, cap;
};

static cairo_status_t membuf_write(void *closure, const unsigned char *data, unsigned int n)
{
    struct membuf *b = closure;

    if (n > SIZE_MAX - b->len)
        return CAIRO_STATUS_WRITE_ERROR;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 64 * 1024;
        unsigned char *p;
        while (cap < b->len + n) {
            if (cap > SIZE_MAX / 2)
                return CAIRO_STATUS_WRITE_ERROR;
            cap *= 2;
        }
        p = realloc(b->p, cap);
        if (!p)
            return CAIRO_STATUS_WRITE_ERROR;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}

/* "第 N 页 共 M 页" in the bottom margin of page i (0-based). */
static int footer_draw(struct pdf_doc *d, int i)
{
    char text[64];
    PangoLayout *l;
    cairo_t *cr;
    int rc;

    snprintf(text, sizeof text, "第 %d 页 共 %d 页", i + 1, d->npages);
    cr = cairo_create(d->pages[i]); /* a recording surface can be drawn on again */
    if (pdf_check_cr(d, cr, "footer") < 0) {
        cairo_destroy(cr);
        return -1;
    }
    l = pdf_layout_new(d, PDF_FONT_BODY, 9, text, 0);
    if (!l) {
        cairo_destroy(cr);
        return -1;
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, (PAGE_W - pdf_text_width(l)) / 2, FOOTER_Y);
    pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(l, 0));
    g_object_unref(l);
    rc = pdf_check_cr(d, cr, "footer");
    cairo_destroy(cr);
    return rc;
}

/* CreationDate as cairo wants it: ISO 8601 with the local offset. */
static void iso_date(time_t t, char *out, size_t outsz)
{
    struct tm tm;
    size_t n;
    int off;

    if (!localtime_r(&t, &tm) || !(n = strftime(out, outsz, "%Y-%m-%dT%H:%M:%S", &tm))) {
        snprintf(out, outsz, "1970-01-01T00:00:00Z");
        return;
    }
    off = (int)(tm.tm_gmtoff / 60);
    snprintf(out + n, outsz - n, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60 % 100,
             abs(off) % 60);
}

int pdf_finish(struct pdf_doc *d, unsigned char **out, size_t *len)
{
    struct membuf buf = {0};
    cairo_surface_t *pdf = NULL;
    cairo_t *cr = NULL;
    cairo_status_t st;
    char date[40];
    int rc = -1;

    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!d)
        return -1;
    if (!out || !len) {
        pdf_fail(d, "finish", "no output");
        goto out;
    }
    if (d->failed || page_end(d) < 0)
        goto out;
    if (d->page_numbers)
        for (int i = 0; i < d->npages; i++)
            if (footer_draw(d, i) < 0)
                goto out;

    pdf = cairo_pdf_surface_create_for_stream(membuf_write, &buf, PAGE_W, PAGE_H);
    st = cairo_surface_status(pdf);
    if (st != CAIRO_STATUS_SUCCESS) {
        pdf_fail(d, "surface", cairo_status_to_string(st));
        goto out;
    }
    if (d->title)
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, d->title);
    if (d->author)
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_AUTHOR, d->author);
    if (d->subject)
        cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_SUBJECT, d->subject);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATOR, "tejian");
    iso_date(d->created ? d->created : time(NULL), date, sizeof date);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, date);

    cr = cairo_create(pdf);
    if (pdf_check_cr(d, cr, "surface") < 0)
        goto out;
    for (int i = 0; i < d->npages; i++) {
        cairo_set_source_surface(cr, d->pages[i], 0, 0);
        cairo_paint(cr);
        cairo_show_page(cr);
        if (pdf_check_cr(d, cr, "page output") < 0)
            goto out;
    }
    cairo_destroy(cr);
    cr = NULL;
    cairo_surface_finish(pdf); /* writes the trailer through membuf_write */
    st = cairo_surface_status(pdf);
    if (st != CAIRO_STATUS_SUCCESS) {
        pdf_fail(d, "output", cairo_status_to_string(st));
        goto out;
    }
    *out = buf.p;
    *len = buf.len;
    buf.p = NULL;
    rc = 0;
out:
    if (cr)
        cairo_destroy(cr);
    if (pdf)
        cairo_surface_destroy(pdf);
    free(buf.p);
    pdf_free(d);
    return rc;
}
