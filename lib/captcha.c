/* captcha.c — image captcha: random code from a look-alike-free alphabet, glyphs from
 * FreeType on a libgd canvas, PNG via libpng, hashed answers */
#include "captcha.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRIGONOMETRY_H
#include <gd.h>
#include <gdfontg.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char CAPTCHA_ALPHABET[] = "ACEFGHKMNPRTWXY34679";
#define ALPHABET_LEN ((int)sizeof CAPTCHA_ALPHABET - 1)

#define CELL_W (CAPTCHA_WIDTH / CAPTCHA_LEN)
#define FONT_DPI 96             /* gd's resolution, which the sizes below were chosen at */
#define FONT_PT_MIN 21          /* at 96 dpi: capitals ~21..25 px tall in a 56 px image */
#define FONT_PT_SPAN 4
#define MAX_ANGLE 25            /* degrees either way */
#define JITTER_Y 6              /* px either way from the vertical centre */
#define JITTER_X 3
#define NOISE_DOTS 320
#define PNG_LEVEL 1             /* zlib level; 3 and 6 shrink a captcha 4 and 11 % at 1.1x and 2.6x the cost */

/* Every random value comes from RAND_bytes. Buffered, because one image needs well over a
 * thousand values (mostly the noise dots): 2 bytes each, so one refill usually serves a whole
 * image. A failure is sticky (values become 0) and is checked before anything is returned. */
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
        if (RAND_bytes(r->buf, (int)sizeof r->buf) != 1) {
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

static int dark_colour(struct rnd *r)
{
    return gdTrueColor(rnd_range(r, 0, 90), rnd_range(r, 0, 90), rnd_range(r, 0, 100));
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The TrueType font, per process: FreeType's library and the face of one font file, opened
 * on first use and kept (a worker draws thousands of captchas; gd's gdImageStringFT set up
 * two new sizes and ran the font's hinting programs for every glyph, which was most of an
 * image's cost). captcha_font_release() closes them. */
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
static void blend_glyph(gdImagePtr im, const FT_Bitmap *bm, int x0, int y0, int colour)
{
    const int r = gdTrueColorGetRed(colour), g = gdTrueColorGetGreen(colour),
              b = gdTrueColorGetBlue(colour);

    for (int row = 0; row < (int)bm->rows; row++) {
        const unsigned char *cov = bm->buffer + (ptrdiff_t)row * bm->pitch;
        int y = y0 + row;

        if (y < 0 || y >= CAPTCHA_HEIGHT)
            continue;
        for (int col = 0; col < (int)bm->width; col++) {
            int a = cov[col], x = x0 + col, d;

            if (a == 0 || x < 0 || x >= CAPTCHA_WIDTH)
                continue;
            d = gdImageTrueColorPixel(im, x, y);
            gdImageTrueColorPixel(im, x, y) =
                gdTrueColor((r * a + gdTrueColorGetRed(d) * (255 - a) + 127) / 255,
                            (g * a + gdTrueColorGetGreen(d) * (255 - a) + 127) / 255,
                            (b * a + gdTrueColorGetBlue(d) * (255 - a) + 127) / 255);
        }
    }
}

/* One character with FreeType: the outline unhinted (hinting aligns stems to a pixel grid
 * the rotation then discards), rotated, rendered with anti-aliasing and centred on a
 * jittered spot in its cell, kept inside the image. Returns 0 or -1 (no glyph). */
static int draw_char_ft(gdImagePtr im, FT_Face face, char ch, int cell, struct rnd *r)
{
    int pt = FONT_PT_MIN + rnd_below(r, FONT_PT_SPAN + 1);
    int degrees = rnd_range(r, -MAX_ANGLE, MAX_ANGLE);
    int colour = dark_colour(r);
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
    blend_glyph(im, bm, clamp(cx - w / 2, 1, CAPTCHA_WIDTH - 1 - w),
                clamp(cy - h / 2, 1, CAPTCHA_HEIGHT - 1 - h), colour);
    return 0;
}

/* Without the TrueType font: gd's built-in Giant font (9x15), doubled so it stays legible at
 * this image size. Drawn on the plain background before any noise, so the copied background
 * block around the glyph is invisible. */
static void draw_char_builtin(gdImagePtr im, gdImagePtr glyph, int bg, char ch, int cell,
                              struct rnd *r)
{
    gdFontPtr f = gdFontGetGiant();
    int w = f->w * 2, h = f->h * 2;
    int x = cell * CELL_W + (CELL_W - w) / 2 + rnd_range(r, -JITTER_X, JITTER_X);
    int y = (CAPTCHA_HEIGHT - h) / 2 + rnd_range(r, -JITTER_Y, JITTER_Y);

    gdImageFilledRectangle(glyph, 0, 0, f->w - 1, f->h - 1, bg);
    gdImageChar(glyph, f, 0, 0, (unsigned char)ch, dark_colour(r));
    gdImageCopyResized(im, glyph, x, y, 0, 0, w, h, f->w, f->h);
}

/* Noise that crosses the text: cubic Bézier curves from edge to edge, a little thinner than
 * the glyph strokes (so the characters stay readable but cannot be separated by a simple
 * width filter), then thin straight lines, in the same dark colour range as the text.
 * Béziers rather than sine waves: plain arithmetic, the library does not link libm. */
static void draw_lines(gdImagePtr im, int max_thickness, struct rnd *r)
{
    int curves = rnd_range(r, 2, 3), lines = rnd_range(r, 2, 3);

    for (int i = 0; i < curves; i++) {
        double y0 = rnd_range(r, 8, CAPTCHA_HEIGHT - 8), y3 = rnd_range(r, 8, CAPTCHA_HEIGHT - 8);
        /* Control points beyond the image's height make the curve swing up and down. */
        double y1 = rnd_range(r, -CAPTCHA_HEIGHT / 2, CAPTCHA_HEIGHT * 3 / 2);
        double y2 = rnd_range(r, -CAPTCHA_HEIGHT / 2, CAPTCHA_HEIGHT * 3 / 2);
        double x1 = rnd_range(r, 0, CAPTCHA_WIDTH / 2);
        double x2 = rnd_range(r, CAPTCHA_WIDTH / 2, CAPTCHA_WIDTH);
        int colour = dark_colour(r), px = 0, py = (int)y0;
        const int steps = 40;

        gdImageSetThickness(im, rnd_range(r, 1, max_thickness));
        for (int k = 1; k <= steps; k++) {
            double t = (double)k / steps, u = 1.0 - t;
            double x = 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * (CAPTCHA_WIDTH - 1);
            double y = u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3;
            int xi = (int)(x + 0.5), yi = (int)(y < 0 ? y - 0.5 : y + 0.5);
            gdImageLine(im, px, py, xi, yi, colour);
            px = xi;
            py = yi;
        }
    }
    gdImageSetThickness(im, 1);
    for (int i = 0; i < lines; i++)
        gdImageLine(im, 0, rnd_range(r, 0, CAPTCHA_HEIGHT - 1), CAPTCHA_WIDTH - 1,
                    rnd_range(r, 0, CAPTCHA_HEIGHT - 1), dark_colour(r));
}

static void draw_dots(gdImagePtr im, struct rnd *r)
{
    for (int i = 0; i < NOISE_DOTS; i++) {
        int c = gdTrueColor(rnd_range(r, 0, 200), rnd_range(r, 0, 200), rnd_range(r, 0, 200));
        gdImageSetPixel(im, rnd_below(r, CAPTCHA_WIDTH), rnd_below(r, CAPTCHA_HEIGHT), c);
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
static void png_rows(png_structp p, png_infop info, gdImagePtr im)
{
    unsigned char row[CAPTCHA_WIDTH * 3];

    png_set_IHDR(p, info, CAPTCHA_WIDTH, CAPTCHA_HEIGHT, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(p, info);
    for (int y = 0; y < CAPTCHA_HEIGHT; y++) {
        for (int x = 0; x < CAPTCHA_WIDTH; x++) {
            int c = gdImageTrueColorPixel(im, x, y);
            row[3 * x] = (unsigned char)gdTrueColorGetRed(c);
            row[3 * x + 1] = (unsigned char)gdTrueColorGetGreen(c);
            row[3 * x + 2] = (unsigned char)gdTrueColorGetBlue(c);
        }
        png_write_row(p, row);
    }
    png_write_end(p, NULL);
}

/* The image as an 8-bit RGB PNG, appended to *out (the caller's, so that what libpng wrote
 * before an error is still known after its longjmp; the caller frees out->data). No row
 * filters and zlib level 1: libpng's default (all five filters tried on every row) and
 * level 6 cost more than drawing the image and gave a larger file; a flat background with
 * sparse noise compresses best unfiltered. Returns 0 or -1. */
static int encode_png(gdImagePtr im, struct png_out *out)
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
    png_rows(p, info, im);
    rc = out->len > 0 && out->len <= INT32_MAX ? 0 : -1;
out:
    png_destroy_write_struct(&p, &info);
    return rc;
}

int captcha_new(const char *font, char answer[CAPTCHA_LEN + 1], void **png, int *png_len)
{
    struct rnd r = {.pos = sizeof r.buf};
    gdImagePtr im = NULL, glyph = NULL;
    struct png_out out = {NULL, 0, 0};
    FT_Face face;
    int bg, use_ft = 1, rc = -1;

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

    /* True colour, so FreeType's anti-aliasing keeps the glyph edges smooth and legible. */
    if ((im = gdImageCreateTrueColor(CAPTCHA_WIDTH, CAPTCHA_HEIGHT)) == NULL)
        goto out;
    bg = gdTrueColor(rnd_range(&r, 232, 255), rnd_range(&r, 232, 255), rnd_range(&r, 232, 255));
    /* Straight into the pixels: gdImageFilledRectangle blends every pixel one call at a time. */
    for (int y = 0; y < CAPTCHA_HEIGHT; y++)
        for (int x = 0; x < CAPTCHA_WIDTH; x++)
            gdImageTrueColorPixel(im, x, y) = bg;

    face = font_face(font);
    for (int i = 0; i < CAPTCHA_LEN; i++) {
        /* A missing or unreadable font fails on the first character (before anything is
         * drawn): then the built-in font draws them all, so an image never mixes the two. */
        if (use_ft && face && draw_char_ft(im, face, answer[i], i, &r) == 0)
            continue;
        if (use_ft && i > 0)
            goto out; /* the font worked for earlier characters: a real error, not a fallback */
        use_ft = 0;
        if (!glyph) {
            gdFontPtr f = gdFontGetGiant();
            if ((glyph = gdImageCreateTrueColor(f->w, f->h)) == NULL)
                goto out;
        }
        draw_char_builtin(im, glyph, bg, answer[i], i, &r);
    }
    /* The built-in font's strokes are only 2 px wide after scaling: 1 px noise then. */
    draw_lines(im, use_ft ? 2 : 1, &r);
    draw_dots(im, &r);
    if (r.failed)
        goto out;

    if (encode_png(im, &out) != 0)
        goto out;
    *png = out.data;
    *png_len = (int)out.len;
    out.data = NULL;
    rc = 0;
out:
    if (rc != 0)
        answer[0] = '\0';
    free(out.data);
    if (glyph)
        gdImageDestroy(glyph);
    if (im)
        gdImageDestroy(im);
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
