/* pdf_draw.c — things drawn at absolute positions on the current page, outside the text
 * flow: QR codes (libqrencode, as vector squares) and the round red official seal. */
#include <math.h>
#include <string.h>

#include <qrencode.h>

#include "log.h"
#include "pdf_internal.h"

#define QR_QUIET 4 /* modules of white border on each side, as the standard asks */

int pdf_qr(struct pdf_doc *d, double x_mm, double y_mm, double size_mm, const char *text)
{
    QRcode *qr = NULL;
    cairo_t *cr;
    double m;
    int n, rc = -1;

    if (!d || d->failed)
        return -1;
    if (pdf_check_text(d, text) < 0)
        return -1;
    if (!text[0] || size_mm <= 0)
        return pdf_fail(d, "qr", "empty text or size");
    qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!qr)
        return pdf_fail(d, "qr", "text too long for a QR code");
    cr = d->cr;
    n = qr->width + 2 * QR_QUIET;
    m = MM(size_mm) / n;
    cairo_save(cr);
    cairo_translate(cr, MM(x_mm), MM(y_mm));
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, n * m, n * m);
    cairo_fill(cr);
    /* One rectangle per horizontal run of dark modules, filled at once (no seams). */
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int y = 0; y < qr->width; y++) {
        const unsigned char *row = qr->data + (size_t)y * (size_t)qr->width;
        for (int x = 0; x < qr->width;) {
            int x0 = x;
            if (!(row[x] & 1)) {
                x++;
                continue;
            }
            while (x < qr->width && (row[x] & 1))
                x++;
            cairo_rectangle(cr, (QR_QUIET + x0) * m, (QR_QUIET + y) * m, (x - x0) * m, m);
        }
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
    cairo_restore(cr);
    rc = pdf_check_cr(d, cr, "qr");
    QRcode_free(qr);
    return rc;
}

/* ---- seal ---- */

/* Seal red (朱红), painted at this opacity. */
#define SEAL_R 0.86
#define SEAL_G 0.08
#define SEAL_B 0.06
#define SEAL_ALPHA 0.85
#define SEAL_ARC_MAX (240.0 * M_PI / 180.0) /* widest arc the name may cover */

static void star(cairo_t *cr, double cx, double cy, double r)
{
    for (int i = 0; i < 10; i++) {
        double a = -M_PI / 2 + i * M_PI / 5;
        double rr = i % 2 ? r * 0.382 : r;
        if (i == 0)
            cairo_move_to(cr, cx + rr * cos(a), cy + rr * sin(a));
        else
            cairo_line_to(cr, cx + rr * cos(a), cy + rr * sin(a));
    }
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* The organisation's name along the upper arc, each character upright towards the
 * centre, top outward, the string centred on the top of the circle and read clockwise.
 * Characters are narrowed (not shrunk) when the name is too long for the arc, as seal
 * engravers do. r is the radius of the characters' centres. */
static int arc_text(struct pdf_doc *d, cairo_t *cr, double cx, double cy, double r,
                    double size, const char *text)
{
    long n = g_utf8_strlen(text, -1);
    double pitch, span, xscale = 1.0;
    const char *p = text;

    if (n <= 0)
        return 0;
    pitch = size * 1.08 / r; /* radians per character at full width */
    span = pitch * (double)n;
    if (span > SEAL_ARC_MAX) {
        xscale = SEAL_ARC_MAX / span;
        span = SEAL_ARC_MAX;
    }
    for (long i = 0; i < n; i++, p = g_utf8_next_char(p)) {
        char ch[8] = {0};
        PangoLayout *l;
        PangoRectangle ink, logical;
        double a = -span / 2 + ((double)i + 0.5) * span / (double)n;

        memcpy(ch, p, (size_t)(g_utf8_next_char(p) - p));
        l = pdf_layout_new(d, PDF_FONT_HEADING, size, ch, 0);
        if (!l)
            return -1;
        pango_layout_get_extents(l, &ink, &logical);
        cairo_save(cr);
        cairo_translate(cr, cx, cy);
        cairo_rotate(cr, a);
        cairo_translate(cr, 0, -r);
        cairo_scale(cr, xscale, 1.0);
        /* The glyph's logical box centred on the point. */
        cairo_move_to(cr, -(double)logical.width / PANGO_SCALE / 2,
                      -(double)logical.height / PANGO_SCALE / 2);
        pango_cairo_show_layout(cr, l);
        cairo_restore(cr);
        g_object_unref(l);
    }
    return 0;
}

int pdf_seal(struct pdf_doc *d, double cx_mm, double cy_mm, double diameter_mm,
             const char *org_name, const char *label)
{
    cairo_t *cr;
    double cx, cy, R, ring, name_size;
    int rc = -1;

    if (!d || d->failed)
        return -1;
    if (pdf_check_text(d, org_name) < 0 || (label && pdf_check_text(d, label) < 0))
        return -1;
    if (diameter_mm < 10)
        return pdf_fail(d, "seal", "smaller than 10 mm");
    cr = d->cr;
    cx = MM(cx_mm);
    cy = MM(cy_mm);
    R = MM(diameter_mm) / 2;
    ring = R * 0.075;
    name_size = R * 0.27;

    /* Drawn as one group painted semi-opaque: overlaps do not darken, text below shows. */
    cairo_save(cr);
    cairo_push_group(cr);
    cairo_set_source_rgb(cr, SEAL_R, SEAL_G, SEAL_B);
    cairo_set_line_width(cr, ring);
    cairo_new_sub_path(cr);
    cairo_arc(cr, cx, cy, R - ring / 2, 0, 2 * M_PI);
    cairo_stroke(cr);
    star(cr, cx, cy, R * 0.30);
    if (arc_text(d, cr, cx, cy, R - ring - R * 0.06 - name_size / 2, name_size, org_name) < 0)
        goto out;
    if (label && label[0]) {
        double size = R * 0.19, w;
        PangoLayout *l = pdf_layout_new(d, PDF_FONT_HEADING, size, label, 0);
        if (!l)
            goto out;
        w = pdf_text_width(l);
        cairo_save(cr);
        cairo_translate(cr, cx, cy + R * 0.42);
        if (w > R * 1.2)
            cairo_scale(cr, R * 1.2 / w, 1.0);
        cairo_move_to(cr, -w / 2, -size * 0.6);
        pango_cairo_show_layout(cr, l);
        cairo_restore(cr);
        g_object_unref(l);
    }
    rc = 0;
out:
    cairo_pop_group_to_source(cr);
    if (rc == 0)
        cairo_paint_with_alpha(cr, SEAL_ALPHA);
    cairo_restore(cr);
    if (rc == 0)
        rc = pdf_check_cr(d, cr, "seal");
    return rc;
}
