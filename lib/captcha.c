/* captcha.c — image captcha: random code from a look-alike-free alphabet, glyphs from
 * FreeType blended into a cairo image surface, noise lines stroked by cairo, PNG via libpng,
 * hashed answers */
#include "captcha.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRIGONOMETRY_H
#include <cairo.h>
#include <openssl/crypto.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char CAPTCHA_ALPHABET[] = "ACEFGHKMNPRTWXY34679";
#define ALPHABET_LEN ((int)sizeof CAPTCHA_ALPHABET - 1)

#define CELL_W (CAPTCHA_WIDTH / CAPTCHA_LEN)
#define FONT_DPI 96             /* libgd's resolution, which the sizes below were chosen at */
#define FONT_PT_MIN 21          /* at 96 dpi: capitals ~21..25 px tall in a 56 px image */
#define FONT_PT_SPAN 4
#define MAX_ANGLE 25            /* degrees either way */
#define JITTER_Y 6              /* px either way from the vertical centre */
#define JITTER_X 3
#define NOISE_DOTS 320
#define PNG_LEVEL 1             /* zlib level; 3 and 6 shrink a captcha 4 and 11 % at 1.1x and 2.6x the cost */

/* Every random value comes from random_bytes (the kernel's generator). Buffered, because
 * one image needs well over a thousand values (mostly the noise dots): 2 bytes each, so one
 * refill usually serves a whole image. A failure is sticky (values become 0) and is checked
 * before anything is returned. */
struct rnd {
    unsigned char buf[4096];
    size_t pos;
    int failed;
};

static unsigned rnd_u16(struct rnd *r)
{
    unsigned v;

    if (r->failed)
        return 0;
    if (r->pos + 2 > sizeof r->buf) {
        if (random_bytes(r->buf, sizeof r->buf)) {
            r->failed = 1;
            return 0;
        }
        r->pos = 0;
    }
    v = (unsigned)r->buf[r->pos] << 8 | r->buf[r->pos + 1];
    r->pos += 2;
    return v;
}

/* Uniform in [0, n), 1 <= n <= 65536 (every n here is under 256): values from the incomplete
 * top block of 2^16 are redrawn, so the code's characters are exactly equally likely (a plain
 * modulo would favour the first ones). */
static int rnd_below(struct rnd *r, int n)
{
    const unsigned limit = 65536u - 65536u % (unsigned)n;
    unsigned v;

    do
        v = rnd_u16(r);
    while (!r->failed && v >= limit);
    return (int)(v % (unsigned)n);
}

/* Inclusive range [lo, hi]. */
static int rnd_range(struct rnd *r, int lo, int hi)
{
    return lo + rnd_below(r, hi - lo + 1);
}

/* Colours are 0xRRGGBB, the layout of a CAIRO_FORMAT_RGB24 pixel (a native 32-bit word,
 * top byte unused). */
static uint32_t rgb(int r, int g, int b)
{
    return (uint32_t)r << 16 | (uint32_t)g << 8 | (uint32_t)b;
}

static uint32_t dark_colour(struct rnd *r)
{
    return rgb(rnd_range(r, 0, 90), rnd_range(r, 0, 90), rnd_range(r, 0, 100));
}

static void set_source(cairo_t *cr, uint32_t c)
{
    cairo_set_source_rgb(cr, (c >> 16) / 255.0, (c >> 8 & 0xff) / 255.0, (c & 0xff) / 255.0);
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The image: a cairo RGB24 surface, drawn on by cairo (the noise lines, the fallback font)
 * and, between cairo_surface_flush and cairo_surface_mark_dirty, straight in its pixels
 * (the FreeType glyphs, the noise dots: one pixel at a time is cheaper by hand than by a
 * cairo fill each). */
struct canvas {
    cairo_surface_t *surface;
    cairo_t *cr;
    unsigned char *data;
    int stride;
};

static uint32_t *pixel(const struct canvas *c, int x, int y)
{
    return (uint32_t *)(void *)(c->data + (ptrdiff_t)y * c->stride) + x;
}

/* The TrueType font, per process: FreeType's library and the face of one font file, opened
 * on first use and kept (a worker draws thousands of captchas; libgd's gdImageStringFT, used
 * before, set up two new sizes and ran the font's hinting programs for every glyph, which
 * was most of an image's cost). captcha_font_release() closes them. */
static struct {
    FT_Library lib;
    FT_Face face;
    char path[512];
} ft;

void captcha_font_release(void)
{
    if (ft.face)
        FT_Done_Face(ft.face);
    if (ft.lib)
        FT_Done_FreeType(ft.lib);
    memset(&ft, 0, sizeof ft);
}

/* The face of the font file at path (the cached one when it is the same file), or NULL when
 * it cannot be loaded as a scalable font with a Unicode character map. */
static FT_Face font_face(const char *path)
{
    if (ft.face && strcmp(ft.path, path) == 0)
        return ft.face;
    if (ft.face)
        FT_Done_Face(ft.face);
    ft.face = NULL;
    ft.path[0] = '\0';
    if (strlen(path) >= sizeof ft.path)
        return NULL;
    if (!ft.lib && FT_Init_FreeType(&ft.lib) != 0) {
        ft.lib = NULL;
        return NULL;
    }
    if (FT_New_Face(ft.lib, path, 0, &ft.face) != 0) {
        ft.face = NULL;
        return NULL;
    }
    if (!FT_IS_SCALABLE(ft.face) || FT_Select_Charmap(ft.face, FT_ENCODING_UNICODE) != 0) {
        FT_Done_Face(ft.face);
        ft.face = NULL;
        return NULL;
    }
    memcpy(ft.path, path, strlen(path) + 1);
    return ft.face;
}

/* Paints an anti-aliased glyph (8-bit coverage) in colour with its top left at (x0, y0):
 * each pixel moves from the background towards colour by the coverage, clipped to the image. */
static void blend_glyph(const struct canvas *c, const FT_Bitmap *bm, int x0, int y0,
                        uint32_t colour)
{
    const unsigned r = colour >> 16, g = colour >> 8 & 0xff, b = colour & 0xff;

    for (int row = 0; row < (int)bm->rows; row++) {
        const unsigned char *cov = bm->buffer + (ptrdiff_t)row * bm->pitch;
        int y = y0 + row;

        if (y < 0 || y >= CAPTCHA_HEIGHT)
            continue;
        for (int col = 0; col < (int)bm->width; col++) {
            unsigned a = cov[col];
            int x = x0 + col;
            uint32_t *px, d;

            if (a == 0 || x < 0 || x >= CAPTCHA_WIDTH)
                continue;
            px = pixel(c, x, y);
            d = *px;
            *px = rgb((int)((r * a + (d >> 16 & 0xff) * (255 - a) + 127) / 255),
                      (int)((g * a + (d >> 8 & 0xff) * (255 - a) + 127) / 255),
                      (int)((b * a + (d & 0xff) * (255 - a) + 127) / 255));
        }
    }
}

/* One character with FreeType: the outline unhinted (hinting aligns stems to a pixel grid
 * the rotation then discards), rotated, rendered with anti-aliasing and centred on a
 * jittered spot in its cell, kept inside the image. Between cairo_surface_flush and
 * cairo_surface_mark_dirty. Returns 0 or -1 (no glyph). */
static int draw_char_ft(const struct canvas *c, FT_Face face, char ch, int cell, struct rnd *r)
{
    int pt = FONT_PT_MIN + rnd_below(r, FONT_PT_SPAN + 1);
    int degrees = rnd_range(r, -MAX_ANGLE, MAX_ANGLE);
    uint32_t colour = dark_colour(r);
    const FT_Bitmap *bm;
    FT_Vector unit;
    FT_Matrix m;
    int w, h, cx, cy;

    /* Counter-clockwise by `degrees`, in FreeType's 16.16 fixed point. */
    FT_Vector_Unit(&unit, (FT_Angle)degrees * 65536);
    m.xx = unit.x;
    m.xy = -unit.y;
    m.yx = unit.y;
    m.yy = unit.x;
    FT_Set_Transform(face, &m, NULL);
    if (FT_Set_Char_Size(face, 0, (FT_F26Dot6)pt * 64, FONT_DPI, FONT_DPI) != 0 ||
        FT_Load_Char(face, (unsigned char)ch, FT_LOAD_NO_HINTING | FT_LOAD_RENDER) != 0)
        return -1;
    bm = &face->glyph->bitmap;
    if (bm->pixel_mode != FT_PIXEL_MODE_GRAY || bm->rows == 0 || bm->width == 0 || bm->pitch <= 0)
        return -1;
    w = (int)bm->width;
    h = (int)bm->rows;
    cx = cell * CELL_W + CELL_W / 2 + rnd_range(r, -JITTER_X, JITTER_X);
    cy = CAPTCHA_HEIGHT / 2 + rnd_range(r, -JITTER_Y, JITTER_Y);
    /* Jitter must not push a glyph off the edge, where it would become unreadable. */
    blend_glyph(c, bm, clamp(cx - w / 2, 1, CAPTCHA_WIDTH - 1 - w),
                clamp(cy - h / 2, 1, CAPTCHA_HEIGHT - 1 - h), colour);
    return 0;
}

static double absd(double v)
{
    return v < 0 ? -v : v;
}

/* Without the TrueType font: cairo's built-in font (the family "@cairo:" names it: no
 * fontconfig, no font file, so it cannot be missing), bold, at the TrueType sizes, with the
 * same rotation, jitter and colours. The glyph is drawn upright into an 8-bit mask, which is
 * then painted rotated (bilinear) in the glyph's colour. Drawn through a rotated font matrix
 * instead, cairo would keep a scaled font, with its glyphs, for every size and angle; this
 * way it keeps one per size. Filling the font's outline (cairo_text_path) made an image
 * cost 2.6 times as much: its strokes come out as hundreds of overlapping trapezoids.
 * Returns 0 or -1. */
static int draw_char_builtin(cairo_t *cr, char ch, int cell, struct rnd *r)
{
    const char text[2] = {ch, '\0'};
    double em = (FONT_PT_MIN + rnd_below(r, FONT_PT_SPAN + 1)) * FONT_DPI / 72.0;
    double rad = rnd_range(r, -MAX_ANGLE, MAX_ANGLE) * (3.14159265358979323846 / 180);
    uint32_t colour = dark_colour(r);
    int jx = rnd_range(r, -JITTER_X, JITTER_X), jy = rnd_range(r, -JITTER_Y, JITTER_Y);
    cairo_surface_t *mask = NULL;
    cairo_t *mc = NULL;
    cairo_text_extents_t e;
    cairo_matrix_t rot;
    double hw, hh;
    int mw, mh, rc = -1;

    cairo_save(cr);
    cairo_select_font_face(cr, "@cairo:", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, em);
    cairo_text_extents(cr, text, &e);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS || e.width <= 0 || e.height <= 0)
        goto out;
    /* The glyph's ink box and a 2 px margin, so that the bilinear edges fade out. */
    mw = (int)e.width + 4;
    mh = (int)e.height + 4;
    mask = cairo_image_surface_create(CAIRO_FORMAT_A8, mw, mh);
    mc = cairo_create(mask);
    cairo_set_font_face(mc, cairo_get_font_face(cr));
    cairo_set_font_size(mc, em);
    cairo_move_to(mc, 2 - e.x_bearing, 2 - e.y_bearing);
    cairo_show_text(mc, text);
    cairo_surface_flush(mask);
    if (cairo_status(mc) != CAIRO_STATUS_SUCCESS)
        goto out;
    /* Half the rotated mask's box, to keep the glyph inside the image as draw_char_ft does. */
    cairo_matrix_init_rotate(&rot, rad);
    hw = (absd(rot.xx) * mw + absd(rot.xy) * mh) / 2;
    hh = (absd(rot.yx) * mw + absd(rot.yy) * mh) / 2;
    cairo_translate(cr,
                    clamp(cell * CELL_W + CELL_W / 2 + jx, (int)hw + 1,
                          CAPTCHA_WIDTH - 1 - (int)hw),
                    clamp(CAPTCHA_HEIGHT / 2 + jy, (int)hh + 1, CAPTCHA_HEIGHT - 1 - (int)hh));
    cairo_rotate(cr, rad);
    set_source(cr, colour);
    cairo_mask_surface(cr, mask, -mw / 2.0, -mh / 2.0);
    rc = cairo_status(cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
out:
    if (mc)
        cairo_destroy(mc);
    if (mask)
        cairo_surface_destroy(mask);
    cairo_restore(cr);
    return rc;
}

/* Noise that crosses the text: cubic Bézier curves from edge to edge, a little thinner than
 * the glyph strokes (so the characters stay readable but cannot be separated by a simple
 * width filter), then thin straight lines, in the same dark colour range as the text.
 * Stroked without anti-aliasing, through pixel centres: every pixel of a line has the line's
 * full colour, as dark as a glyph's core, so no brightness threshold takes the noise out. */
static void draw_lines(cairo_t *cr, int max_width, struct rnd *r)
{
    int curves = rnd_range(r, 2, 3), lines = rnd_range(r, 2, 3);

    cairo_save(cr);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    /* Curves flattened to within half a pixel (cairo's default is a tenth): no visible
     * difference without anti-aliasing, and an eighth fewer instructions for the strokes. */
    cairo_set_tolerance(cr, 0.5);
    for (int i = 0; i < curves; i++) {
        double y0 = rnd_range(r, 8, CAPTCHA_HEIGHT - 8), y3 = rnd_range(r, 8, CAPTCHA_HEIGHT - 8);
        /* Control points beyond the image's height make the curve swing up and down. */
        double y1 = rnd_range(r, -CAPTCHA_HEIGHT / 2, CAPTCHA_HEIGHT * 3 / 2);
        double y2 = rnd_range(r, -CAPTCHA_HEIGHT / 2, CAPTCHA_HEIGHT * 3 / 2);
        double x1 = rnd_range(r, 0, CAPTCHA_WIDTH / 2);
        double x2 = rnd_range(r, CAPTCHA_WIDTH / 2, CAPTCHA_WIDTH);

        set_source(cr, dark_colour(r));
        cairo_set_line_width(cr, rnd_range(r, 1, max_width));
        cairo_move_to(cr, 0.5, y0 + 0.5);
        cairo_curve_to(cr, x1 + 0.5, y1 + 0.5, x2 + 0.5, y2 + 0.5, CAPTCHA_WIDTH - 0.5, y3 + 0.5);
        cairo_stroke(cr);
    }
    cairo_set_line_width(cr, 1);
    for (int i = 0; i < lines; i++) {
        double ya = rnd_range(r, 0, CAPTCHA_HEIGHT - 1), yb = rnd_range(r, 0, CAPTCHA_HEIGHT - 1);

        set_source(cr, dark_colour(r));
        cairo_move_to(cr, 0.5, ya + 0.5);
        cairo_line_to(cr, CAPTCHA_WIDTH - 0.5, yb + 0.5);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

/* Between cairo_surface_flush and cairo_surface_mark_dirty. */
static void draw_dots(const struct canvas *c, struct rnd *r)
{
    for (int i = 0; i < NOISE_DOTS; i++) {
        uint32_t colour = rgb(rnd_range(r, 0, 200), rnd_range(r, 0, 200), rnd_range(r, 0, 200));
        int x = rnd_below(r, CAPTCHA_WIDTH);
        *pixel(c, x, rnd_below(r, CAPTCHA_HEIGHT)) = colour;
    }
}

/* The PNG in memory: libpng hands the encoded bytes to png_out_write. */
struct png_out {
    unsigned char *data;
    size_t len, cap;
};

static void png_out_write(png_structp p, png_bytep bytes, size_t n)
{
    struct png_out *o = png_get_io_ptr(p);

    if (n > o->cap - o->len) {
        size_t cap = o->cap ? o->cap : 8192;
        unsigned char *grown;

        while (n > cap - o->len)
            cap *= 2;
        if ((grown = realloc(o->data, cap)) == NULL)
            png_error(p, "captcha: out of memory");
        o->data = grown;
        o->cap = cap;
    }
    memcpy(o->data + o->len, bytes, n);
    o->len += n;
}

static void png_out_flush(png_structp p)
{
    (void)p;
}

/* Called between setjmp and the end of the encoding: libpng's errors longjmp out of it. */
static void png_rows(png_structp p, png_infop info, const struct canvas *c)
{
    unsigned char row[CAPTCHA_WIDTH * 3];

    png_set_IHDR(p, info, CAPTCHA_WIDTH, CAPTCHA_HEIGHT, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(p, info);
    for (int y = 0; y < CAPTCHA_HEIGHT; y++) {
        const uint32_t *px = pixel(c, 0, y);
        for (int x = 0; x < CAPTCHA_WIDTH; x++) {
            row[3 * x] = (unsigned char)(px[x] >> 16);
            row[3 * x + 1] = (unsigned char)(px[x] >> 8);
            row[3 * x + 2] = (unsigned char)px[x];
        }
        png_write_row(p, row);
    }
    png_write_end(p, NULL);
}

/* The image as an 8-bit RGB PNG, appended to *out (the caller's, so that what libpng wrote
 * before an error is still known after its longjmp; the caller frees out->data). No row
 * filters and zlib level 1: libpng's default (all five filters tried on every row) and
 * level 6 cost more than drawing the image and gave a larger file; a flat background with
 * sparse noise compresses best unfiltered. (cairo_surface_write_to_png_stream is libpng at
 * those defaults: measured on captchas, 5 times the instructions and a 30 % larger file.)
 * Returns 0 or -1. */
static int encode_png(const struct canvas *c, struct png_out *out)
{
    png_structp p;
    png_infop info = NULL;
    volatile int rc = -1; /* set after the setjmp: volatile, or a longjmp may lose it */

    if ((p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL)) == NULL)
        return -1;
    if ((info = png_create_info_struct(p)) == NULL)
        goto out;
    if (setjmp(png_jmpbuf(p)))
        goto out;
    png_set_write_fn(p, out, png_out_write, png_out_flush);
    png_set_filter(p, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(p, PNG_LEVEL);
    png_rows(p, info, c);
    rc = out->len > 0 && out->len <= INT32_MAX ? 0 : -1;
out:
    png_destroy_write_struct(&p, &info);
    return rc;
}

/* The characters of answer, with the TrueType font at `font` when it loads, otherwise all
 * with cairo's built-in font (a missing or unreadable font fails on the first character,
 * before anything is drawn, so an image never mixes the two). *builtin tells which. */
static int draw_text(struct canvas *c, const char *font, const char *answer, struct rnd *r,
                     int *builtin)
{
    FT_Face face = font_face(font);
    int i = 0;

    *builtin = 0;
    if (face) {
        cairo_surface_flush(c->surface);
        for (; i < CAPTCHA_LEN; i++)
            if (draw_char_ft(c, face, answer[i], i, r) != 0)
                break;
        cairo_surface_mark_dirty(c->surface);
        if (i == CAPTCHA_LEN)
            return 0;
        if (i > 0)
            return -1; /* the font worked for earlier characters: a real error, not a fallback */
    }
    *builtin = 1;
    for (i = 0; i < CAPTCHA_LEN; i++)
        if (draw_char_builtin(c->cr, answer[i], i, r) != 0)
            return -1;
    return 0;
}

int captcha_new(const char *font, char answer[CAPTCHA_LEN + 1], void **png, int *png_len)
{
    struct rnd r = {.pos = sizeof r.buf};
    struct canvas c = {NULL, NULL, NULL, 0};
    struct png_out out = {NULL, 0, 0};
    uint32_t pixels[CAPTCHA_HEIGHT][CAPTCHA_WIDTH];
    int builtin, rc = -1;

    answer[0] = '\0';
    *png = NULL;
    *png_len = 0;
    if (!font)
        font = CAPTCHA_FONT_DEFAULT;
    for (int i = 0; i < CAPTCHA_LEN; i++)
        answer[i] = CAPTCHA_ALPHABET[rnd_below(&r, ALPHABET_LEN)];
    answer[CAPTCHA_LEN] = '\0';
    if (r.failed)
        goto out;

    /* True colour, so the anti-aliased glyph edges stay smooth and legible. The pixels are on
     * this function's stack: cairo_image_surface_create would calloc them, and clearing what
     * the background paint then overwrites was 3 % of an image's cost. */
    if (cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, CAPTCHA_WIDTH) != (int)sizeof pixels[0])
        goto out;
    c.surface = cairo_image_surface_create_for_data((unsigned char *)pixels, CAIRO_FORMAT_RGB24,
                                                    CAPTCHA_WIDTH, CAPTCHA_HEIGHT,
                                                    (int)sizeof pixels[0]);
    if (cairo_surface_status(c.surface) != CAIRO_STATUS_SUCCESS)
        goto out;
    c.cr = cairo_create(c.surface);
    if (cairo_status(c.cr) != CAIRO_STATUS_SUCCESS)
        goto out;
    c.data = cairo_image_surface_get_data(c.surface);
    c.stride = cairo_image_surface_get_stride(c.surface);
    set_source(c.cr,
               rgb(rnd_range(&r, 232, 255), rnd_range(&r, 232, 255), rnd_range(&r, 232, 255)));
    cairo_paint(c.cr);

    if (draw_text(&c, font, answer, &r, &builtin) != 0)
        goto out;
    /* The built-in font's strokes are thinner than the TrueType ones: 1 px noise then. */
    draw_lines(c.cr, builtin ? 1 : 2, &r);
    if (cairo_status(c.cr) != CAIRO_STATUS_SUCCESS)
        goto out;
    cairo_surface_flush(c.surface);
    draw_dots(&c, &r);
    cairo_surface_mark_dirty(c.surface);
    if (r.failed)
        goto out;

    if (encode_png(&c, &out) != 0)
        goto out;
    *png = out.data;
    *png_len = (int)out.len;
    out.data = NULL;
    rc = 0;
out:
    if (rc != 0)
        answer[0] = '\0';
    free(out.data);
    if (c.cr)
        cairo_destroy(c.cr);
    if (c.surface)
        cairo_surface_destroy(c.surface);
    OPENSSL_cleanse(&r, sizeof r);
    return rc;
}

void captcha_free_png(void *png)
{
    free(png);
}

int captcha_sweep_due(double now, double *last_sweep)
{
    return due_every(now, last_sweep, CAPTCHA_SWEEP_SECONDS);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int captcha_hash(const char *id, const char *answer, char out[65])
{
    char buf[CAPTCHA_ID_MAX + 1 + CAPTCHA_ANSWER_MAX + 1];
    size_t idlen, len;
    int n, rc = -1;

    out[0] = '\0';
    if (!id || !answer || (idlen = strlen(id)) == 0 || idlen > CAPTCHA_ID_MAX)
        goto out;
    while (is_space(*answer))
        answer++;
    len = strlen(answer);
    while (len > 0 && is_space(answer[len - 1]))
        len--;
    if (len == 0 || len > CAPTCHA_ANSWER_MAX)
        goto out;
    n = snprintf(buf, sizeof buf, "%s:%.*s", id, (int)len, answer);
    if (n < 0 || (size_t)n >= sizeof buf)
        goto out;
    /* ASCII only: toupper() would follow the locale, and the code alphabet is ASCII anyway. */
    for (char *p = buf + idlen + 1; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    if (sha256_hex(buf, (size_t)n, out))
        goto out;
    rc = 0;
out:
    OPENSSL_cleanse(buf, sizeof buf);
    return rc;
}

int captcha_check(const char *id, const char *stored_hash, const char *given)
{
    char h[65];
    int ok = 0;

    if (!stored_hash || captcha_hash(id, given, h) != 0)
        goto out;
    ok = secure_streq(h, stored_hash);
out:
    OPENSSL_cleanse(h, sizeof h);
    return ok;
}
